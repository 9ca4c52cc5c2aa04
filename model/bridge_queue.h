/*
 * bridge_queue.h — the bridge fund's calendar of releases (Art. 58): a binary min-heap of the
 * bridges currently out, keyed by the instant (in days since the start of the path) at which
 * each one is due back. Private to model/bridge.c; exported only so that it can be tested.
 *
 * The heap is sized once, outside the path loop (sf_bridge_queue_alloc); push grows it only when
 * the bound it was sized with is exceeded, which the sizing in bridge.c makes practically
 * impossible.
 */
#ifndef SF_BRIDGE_QUEUE_H
#define SF_BRIDGE_QUEUE_H

#include <assert.h>
#include <math.h>
#include <stddef.h>

/* One bridge that is out. */
typedef struct bridge_loan {
    double due;    /* instant the bank's renewal is due, days since the start of the path */
    double amount; /* CNY lent */
    float days;    /* duration in days (for the stepped fee) */
    int seg;       /* segment index; negative (-1 - seg) when the bank will refuse to renew */
} bridge_loan;

typedef struct bridge_queue {
    bridge_loan *v;
    size_t n, cap;
} bridge_queue;

/* A queue with room for `cap` bridges (at least 1); NULL when out of memory. */
bridge_queue *sf_bridge_queue_alloc(size_t cap);
void sf_bridge_queue_free(bridge_queue *q);

static inline void bridge_queue_clear(bridge_queue *q)
{
    q->n = 0;
}

/* Grow the queue (rarely: only beyond the bound it was sized with). Returns 0 or -1. */
int sf_bridge_queue_grow(bridge_queue *q);

/* Add a bridge; O(log n). Returns 0, or -1 when the queue was full and could not grow. The heap
 * operations are inline: they run once per bridge, in the innermost loop of the fund's year. */
static inline int bridge_queue_push(bridge_queue *q, const bridge_loan *b)
{
    if (q->n == q->cap && sf_bridge_queue_grow(q) != 0)
        return -1;
    bridge_loan *v = q->v;
    size_t i = q->n++;
    while (i > 0) {
        const size_t parent = (i - 1) / 2;
        if (v[parent].due <= b->due)
            break;
        v[i] = v[parent];
        i = parent;
    }
    v[i] = *b;
    return 0;
}

/* Remove the bridge due first into *out; O(log n). The queue must not be empty. Bottom-up: the
 * hole left at the root walks down along the smaller children to a leaf, then the last element
 * sifts up from there — about half the comparisons of the textbook sift-down. */
static inline void bridge_queue_pop(bridge_queue *q, bridge_loan *out)
{
    assert(q->n > 0);
    bridge_loan *v = q->v;
    *out = v[0];
    const size_t n = --q->n;
    if (n == 0)
        return;
    const bridge_loan last = v[n];
    size_t i = 0, c;
    while ((c = 2 * i + 1) < n) {
        if (c + 1 < n && v[c + 1].due < v[c].due)
            c++;
        v[i] = v[c];
        i = c;
    }
    while (i > 0) {
        const size_t parent = (i - 1) / 2;
        if (v[parent].due <= last.due)
            break;
        v[i] = v[parent];
        i = parent;
    }
    v[i] = last;
}

/* The earliest due instant, or +infinity when the queue is empty. */
static inline double bridge_queue_next(const bridge_queue *q)
{
    return q->n > 0 ? q->v[0].due : HUGE_VAL;
}

#endif
