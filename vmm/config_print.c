/* --print-config (appliance.conf syntax that loads back to the same
 * config) and --help-config (the table as a list). */
#include "config_int.h"

#include <stdio.h>

static void print_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		unsigned char ch = *s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", out);
		else if (ch == '\t')
			fputs("\\t", out);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(out, "\\x%02x", ch);
		else
			fputc(ch, out);
	}
	fputc('"', out);
}

static void print_value(FILE *out, const void *base,
			const struct cfg_setting *st)
{
	const void *p = (const char *)base + st->off;
	char buf[32];

	switch (st->kind) {
	case CK_STRING:
	case CK_CHOICE:
	case CK_FILE:
	case CK_PATH:
		print_string(out, *(char *const *)p);
		break;
	case CK_ENUM:
		print_string(out, st->choices[*(const int *)p]);
		break;
	case CK_SIZE:
		cfg_fmt_size(*(const uint64_t *)p, buf, sizeof(buf));
		print_string(out, buf);
		break;
	case CK_HZ: {
		uint64_t v = *(const uint64_t *)p;

		fprintf(out, "%llu%s", (unsigned long long)v,
			v > INT32_MAX ? "L" : "");
		break;
	}
	case CK_INT:
		fprintf(out, "%d", *(const int *)p);
		break;
	case CK_BOOL:
		fputs(*(const bool *)p ? "true" : "false", out);
		break;
	case CK_LIST: {
		char *const *items = p;
		unsigned n = cfg_list_len(base, st);

		fputs("[", out);
		for (unsigned i = 0; i < n; i++) {
			fputs(i ? ", " : " ", out);
			print_string(out, items[i] ? items[i] : "none");
		}
		fputs(" ]", out);
		break;
	}
	default:
		break;
	}
}

static void print_group(FILE *out, const void *base,
			const struct cfg_setting *t, const char *sep)
{
	for (; t->name; t++) {
		fprintf(out, "%s = ", t->name);
		print_value(out, base, t);
		fprintf(out, ";%s", t[1].name ? sep : "");
	}
}

void config_print(const struct config *c, FILE *out)
{
	fputs("# mipsvz configuration (mipsvz --print-config)\n", out);
	for (const struct cfg_setting *t = cfg_settings; t->name; t++) {
		if (t->kind == CK_GROUP) {
			fprintf(out, "%s = {\n\t", t->name);
			print_group(out, c, t->sub, "\n\t");
			fputs("\n};\n", out);
		} else if (t->kind == CK_DRIVES) {
			bool any = false;

			fprintf(out, "%s = (", t->name);
			for (unsigned i = 0; i < c->ndrives; i++) {
				if (!cfg_same_bus(c->drives[i].bus, t->bus))
					continue;
				fputs(any ? ",\n\t{ " : "\n\t{ ", out);
				print_group(out, &c->drives[i], cfg_drive_settings,
					    " ");
				fputs(" }", out);
				any = true;
			}
			fputs(any ? "\n);\n" : " );\n", out);
		} else {
			fprintf(out, "%s = ", t->name);
			print_value(out, c, t);
			fputs(";\n", out);
		}
	}
}

static const char *kind_name(enum cfg_kind k)
{
	static const char *const names[] = {
		[CK_STRING] = "string", [CK_CHOICE] = "choice",
		[CK_ENUM] = "choice", [CK_FILE] = "file", [CK_PATH] = "path",
		[CK_SIZE] = "size", [CK_HZ] = "hertz", [CK_INT] = "integer",
		[CK_BOOL] = "boolean", [CK_LIST] = "strings",
		[CK_DRIVES] = "drives", [CK_GROUP] = "group",
	};

	return names[k];
}

static void help_table(FILE *out, const struct cfg_setting *t,
		       const char *prefix)
{
	char name[64], def[64];

	for (; t->name; t++) {
		snprintf(name, sizeof(name), "%s%s", prefix, t->name);
		if (t->kind == CK_GROUP || t->kind == CK_DRIVES) {
			fprintf(out, "  %-20s %-8s %-10s %s\n", name,
				kind_name(t->kind), "", t->doc);
			snprintf(name, sizeof(name), "%s%s", t->name,
				 t->kind == CK_DRIVES ? "[N]." : ".");
			help_table(out, t->sub, name);
			continue;
		}
		if (t->kind == CK_LIST)
			snprintf(def, sizeof(def), "[%s%s%s]",
				 *t->def ? " \"" : "", t->def,
				 *t->def ? "\" " : " ");
		else if (t->kind == CK_BOOL || t->kind == CK_INT ||
			 t->kind == CK_HZ || t->kind == CK_SIZE)
			snprintf(def, sizeof(def), "%s", t->def);
		else
			snprintf(def, sizeof(def), "\"%s\"", t->def);
		fprintf(out, "  %-20s %-8s %-10s %s\n", name, kind_name(t->kind),
			def, t->doc);
	}
}

void config_print_help(FILE *out)
{
	fputs("appliance.conf settings (libconfig syntax; docs/config.md):\n"
	      "  name                 type     default    meaning\n", out);
	help_table(out, cfg_settings, "");
}
