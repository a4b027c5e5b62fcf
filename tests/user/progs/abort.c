/* abort() ends the program with SIGABRT (status 134), after output that
 * was flushed before it. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
	printf("before abort\n");
	fflush(stdout);
	abort();
}
