/* Placeholder until the CLI lands. */
#include <stdio.h>
int main(void)
{
	fprintf(stderr, "mipsvz: no boards yet\n");
	return 1;
}
