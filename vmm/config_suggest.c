/* "Did you mean": the nearest setting name or choice to a typo. */
#include "config_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* Optimal string alignment distance (a transposition costs one, so
 * "memroy" is one edit from "memory"), ignoring case. */
static unsigned cfg_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned d[33][33];

	if (la > 32 || lb > 32)
		return UINT_MAX;
	for (size_t i = 0; i <= la; i++)
		d[i][0] = i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			int ca = tolower((unsigned char)a[i - 1]);
			int cb = tolower((unsigned char)b[j - 1]);
			unsigned v = d[i - 1][j - 1] + (ca != cb);

			if (d[i - 1][j] + 1 < v)
				v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (i > 1 && j > 1 &&
			    ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb &&
			    d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

const char *config_suggest(const char *word, const char *const *names,
			   size_t n)
{
	unsigned best = UINT_MAX, limit = strlen(word) <= 4 ? 1 : 2;
	const char *pick = NULL;

	for (size_t i = 0; i < n; i++) {
		unsigned d = cfg_distance(word, names[i]);

		if (d < best) {
			best = d;
			pick = names[i];
		}
	}
	return best <= limit ? pick : NULL;
}

static const char *suggest_setting(const char *word,
				   const struct cfg_setting *table)
{
	const char *names[CONFIG_MAX_SETTINGS];
	size_t n = 0;

	for (; table->name && n < CONFIG_MAX_SETTINGS; table++)
		names[n++] = table->name;
	return config_suggest(word, names, n);
}

const char *cfg_suggest_choice(const char *word, const char *const *ch)
{
	size_t n = 0;

	while (ch[n])
		n++;
	return config_suggest(word, ch, n);
}

/* "unknown setting 'x' [in ide[0]] (did you mean 'y'?)" */
int cfg_unknown_setting(const char *file, int line, const char *name,
			const char *in, const struct cfg_setting *table,
			struct err *e)
{
	const char *s = suggest_setting(name, table);
	char hint[96] = "", where[128] = "";

	if (s)
		snprintf(hint, sizeof(hint), " (did you mean '%s'?)", s);
	if (in)
		snprintf(where, sizeof(where), " in %s", in);
	if (file)
		return err_set(e, "%s:%d: unknown setting '%s'%s%s", file, line,
			       name, where, hint);
	return err_set(e, "unknown setting '%s'%s%s", name, where, hint);
}
