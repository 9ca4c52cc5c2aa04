/*
 * bridge_queue.c — binary min-heap of outstanding bridges by due instant (Art. 58 fund). The
 * event-driven simulation in bridge.c pops every release before the next arrival, so a year
 * with n requests costs O(n log n), never the O(n^2) of scanning all open bridges.
 */
#include "bridge_queue.h"

#include <stdlib.h>

bridge_queue *sf_bridge_queue_alloc(size_t cap)
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

void sf_bridge_queue_free(bridge_queue *q)
{
    if (q == NULL)
        return;
    free(q->v);
    free(q);
}

int sf_bridge_queue_grow(bridge_queue *q)
{
    const size_t cap = 2 * q->cap;
    bridge_loan *v = realloc(q->v, cap * sizeof *v);
    if (v == NULL)
        return -1;
    q->v = v;
    q->cap = cap;
    return 0;
}
