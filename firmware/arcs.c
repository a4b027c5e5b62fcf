/* ARCS firmware core (see arcs.h). Placeholder until the implementation
 * lands: the interface is fixed so that the IP22 board can call it. */
#include "arcs.h"

#include <stdlib.h>

int arcs_install(struct machine *m, const struct arcs_platform *p,
		 struct arcs **out, struct err *e)
{
	*out = NULL;
	return err_set(e, "arcs: firmware not built yet");
}

int arcs_load_kernel(struct arcs *a, const char *path, const char *append,
		     struct err *e)
{
	return err_set(e, "arcs: firmware not built yet");
}

void arcs_reset(struct arcs *a)
{
}

void arcs_destroy(struct arcs *a)
{
}
