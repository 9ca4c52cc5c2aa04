/*
 * bridge_queue.c — binary min-heap of outstanding bridges by due instant (Art. 58 fund). The
 * event-driven simulation in bridge.c pops every release before the next arrival, so a year
 * with n requests costs O(n log n), never the O(n^2) of scanning all open bridges.
 */
#include "bridge_queue.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

bridge_queue *bridge_queue_alloc(size_t cap)
{
    bridge_queue *q = malloc(sizeof *q);
    if (q == NULL)
        return NULL;
    q->n = 0;
    q->cap = cap > 0 ? cap : 1;
    q->v = malloc(q->cap * sizeof *q->v);
    if (q->v == NULL) {
        free(q);
        return NULL;
    }
    return q;
}

void bridge_queue_free(bridge_queue *q)
{
    if (q == NULL)
        return;
    free(q->v);
    free(q);
}

int bridge_queue_push(bridge_queue *q, const bridge_loan *b)
{
    if (q->n == q->cap) {
        /* Only reached when more bridges are out than the bound bridge.c sized the queue with. */
        const size_t cap = 2 * q->cap;
        bridge_loan *v = realloc(q->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        q->v = v;
        q->cap = cap;
    }
    size_t i = q->n++;
    while (i > 0) {
        const size_t parent = (i - 1) / 2;
        if (q->v[parent].due <= b->due)
            break;
        q->v[i] = q->v[parent];
        i = parent;
    }
    q->v[i] = *b;
    return 0;
}

void bridge_queue_pop(bridge_queue *q, bridge_loan *out)
{
    assert(q->n > 0);
    *out = q->v[0];
    const bridge_loan last = q->v[--q->n];
    const size_t n = q->n;
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= n)
            break;
        if (c + 1 < n && q->v[c + 1].due < q->v[c].due)
            c++;
        if (last.due <= q->v[c].due)
            break;
        q->v[i] = q->v[c];
        i = c;
    }
    if (n > 0)
        q->v[i] = last;
}

double bridge_queue_next(const bridge_queue *q)
{
    return q->n > 0 ? q->v[0].due : HUGE_VAL;
}
