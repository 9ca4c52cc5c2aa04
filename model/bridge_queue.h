/*
 * bridge_queue.h — the bridge fund's calendar of releases (Art. 58): a binary min-heap of the
 * bridges currently out, keyed by the instant (in days since the start of the path) at which
 * each one is due back. Private to model/bridge.c; exported only so that it can be tested.
 *
 * The heap is sized once, outside the path loop (bridge_queue_alloc); push grows it only when
 * the bound it was sized with is exceeded, which the sizing in bridge.c makes practically
 * impossible.
 */
#ifndef SF_BRIDGE_QUEUE_H
#define SF_BRIDGE_QUEUE_H

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
bridge_queue *bridge_queue_alloc(size_t cap);
void bridge_queue_free(bridge_queue *q);

static inline void bridge_queue_clear(bridge_queue *q)
{
    q->n = 0;
}

/* Add a bridge; O(log n). Returns 0, or -1 when the queue was full and could not grow. */
int bridge_queue_push(bridge_queue *q, const bridge_loan *b);

/* Remove the bridge due first into *out; O(log n). The queue must not be empty. */
void bridge_queue_pop(bridge_queue *q, bridge_loan *out);

/* The earliest due instant, or +infinity when the queue is empty. */
double bridge_queue_next(const bridge_queue *q);

#endif
