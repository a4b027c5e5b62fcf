/* A file round trip in the directory given as argv[1]: stdio and raw
 * I/O, seeking, stat, rename, unlink. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char path[512], path2[512], buf[256];
	struct stat st;
	FILE *f;
	int fd;

	if (argc < 2)
		return 2;
	snprintf(path, sizeof(path), "%s/a.txt", argv[1]);
	snprintf(path2, sizeof(path2), "%s/b.txt", argv[1]);
	f = fopen(path, "w");
	if (!f)
		return 3;
	for (int i = 0; i < 100; i++)
		fprintf(f, "line %d %x\n", i, i * 2654435761u);
	fclose(f);
	if (stat(path, &st) != 0)
		return 4;
	printf("size %lld mode %o\n", (long long)st.st_size,
	       (unsigned)st.st_mode & 0777);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return 5;
	lseek(fd, 100, SEEK_SET);
	memset(buf, 0, sizeof(buf));
	printf("read %zd\n", read(fd, buf, 40));
	printf("[%s]\n", buf);
	printf("lseek end %lld\n", (long long)lseek(fd, 0, SEEK_END));
	printf("read at end %zd\n", read(fd, buf, 10));
	close(fd);
	if (rename(path, path2) != 0)
		return 6;
	f = fopen(path2, "r");
	if (!f)
		return 7;
	int lines = 0;
	while (fgets(buf, sizeof(buf), f))
		lines++;
	fclose(f);
	printf("lines %d\n", lines);
	printf("open missing: %d\n", open(path, O_RDONLY) < 0);
	printf("unlink %d\n", unlink(path2));
	printf("stat after unlink %d\n", stat(path2, &st));
	return 0;
}
