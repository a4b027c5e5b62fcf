/* Interrupt lines between devices, interrupt controllers and CPU inputs.
 * A line is a handler plus an input number on the receiving side; the
 * sender only knows it drives "a line" (level-sensitive: 1 = asserted). */
#ifndef MIPSVZ_IRQ_H
#define MIPSVZ_IRQ_H

#include "log.h"

struct irq {
	void (*handler)(void *opaque, int n, int level);
	void *opaque;
	int n;
};

static inline struct irq irq_make(void (*handler)(void *, int, int),
				  void *opaque, int n)
{
	struct irq l = { handler, opaque, n };
	return l;
}

/* Drive a line; an unconnected line (no handler) is a no-op. */
static inline void irq_set(const struct irq *irq, int level)
{
	if (irq && irq->handler)
		irq->handler(irq->opaque, irq->n, level);
}

#endif
