/*
 * conn.c: names, endpoint accessors and the bounded history ring of a
 * connection instance. Layer 2b: includes layers 0-1 only; no I/O.
 *
 * The history ring overwrites its oldest step when full and counts the
 * overwritten ones in dropped, so memory per connection is fixed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conn.h"
#include "i18n.h"
#include "xmalloc.h"

static const char *conn_annotation_texts[CONN_ANN_COUNT] = {
#define CONN_X(name, text) [CONN_ANNB_##name] = text,
	CONN_ANNOTATIONS(CONN_X)
#undef CONN_X
};

/* "client" or "server". */
const char *
conn_role_name(enum conn_role role)
{
	return role == CONN_SERVER ? "server" : "client";
}

/* "observed", "inferred", "implied", "tentative" or "uncertain". */
const char *
conn_known_name(enum conn_known known)
{
	switch (known) {
	case CONN_KNOWN_OBSERVED:
		return N_("observed");
	case CONN_KNOWN_INFERRED:
		return N_("inferred");
	case CONN_KNOWN_IMPLIED:
		return N_("implied");
	case CONN_KNOWN_TENTATIVE:
		return N_("tentative");
	case CONN_KNOWN_UNCERTAIN:
		return N_("uncertain");
	}
	return "?";
}

/* The text of one annotation. */
const char *
conn_annotation_text(enum conn_annotation_bit bit)
{
	if ((int)bit < 0 || bit >= CONN_ANN_COUNT)
		return "?";
	return conn_annotation_texts[bit];
}

/* Join the texts of a set of annotations with ", ". */
char *
conn_annotations_format(char *buf, size_t len, uint32_t ann, unsigned dupack)
{
	size_t	 off = 0;
	int	 n, i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < CONN_ANN_COUNT; i++) {
		if (!(ann & (UINT32_C(1) << i)))
			continue;
		if (i == CONN_ANNB_DUP_ACK && dupack != 0)
			n = snprintf(buf + off, len - off, "%s%s #%u",
			    off == 0 ? "" : ", ", conn_annotation_texts[i],
			    dupack);
		else
			n = snprintf(buf + off, len - off, "%s%s",
			    off == 0 ? "" : ", ", conn_annotation_texts[i]);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += (size_t)n;
	}
	return buf;
}

/* ---- anomalies (triage) ------------------------------------------------ */

static const char *conn_anomaly_words[CONN_ANOM_COUNT] = {
#define CONN_X(name, word) [CONN_ANOMB_##name] = word,
	CONN_ANOMALIES(CONN_X)
#undef CONN_X
};

const char *
conn_anomaly_word(enum conn_anomaly_bit bit)
{
	if ((int)bit < 0 || bit >= CONN_ANOM_COUNT)
		return "?";
	return conn_anomaly_words[bit];
}

/* Has this end sent its FIN (by its state: CLOSED after a FIN is not)? */
static bool
conn_end_fin_sent(const struct conn_end *end)
{
	switch (end->state) {
	case FSM_FIN_WAIT_1:
	case FSM_FIN_WAIT_2:
	case FSM_CLOSING:
	case FSM_TIME_WAIT:
	case FSM_LAST_ACK:
		return true;
	default:
		return (end->tcb.flags & CONN_TCB_SENT_FIN) != 0;
	}
}

/*
 * How many times a counted anomaly shows, both senders together (0 for
 * the flag-like ones); without stats only retransmissions are counted.
 */
unsigned
conn_anomaly_count(const struct conn *c, const struct conn_stats *st,
    enum conn_anomaly_bit b)
{
	const struct conn_dir_stats	*d;
	unsigned			 n = 0;
	int				 r;

	if (st == NULL)
		return b == CONN_ANOMB_RETX ? c->retrans : 0;
	for (r = 0; r < 2; r++) {
		d = &st->dir[r];
		n += b == CONN_ANOMB_RETX ? d->retrans :
		    b == CONN_ANOMB_FAST_RETX ? d->fast_retrans :
		    b == CONN_ANOMB_DUP_ACK ? d->dup_acks :
		    b == CONN_ANOMB_ZERO_WIN ? d->zero_window :
		    b == CONN_ANOMB_OOO ? d->out_of_order :
		    b == CONN_ANOMB_UNSEEN ? d->prev_unseen :
		    b == CONN_ANOMB_KEEPALIVE ? d->keepalive : 0;
	}
	return n;
}

uint32_t
conn_anomalies(const struct conn *c, const struct conn_stats *st)
{
	static const enum conn_anomaly_bit counted[] = {
		CONN_ANOMB_RETX, CONN_ANOMB_FAST_RETX, CONN_ANOMB_DUP_ACK,
		CONN_ANOMB_ZERO_WIN, CONN_ANOMB_OOO, CONN_ANOMB_UNSEEN,
		CONN_ANOMB_KEEPALIVE
	};
	uint32_t	 a = 0;
	size_t		 k;
	int		 s0, s1;
	bool		 f0, f1;

	if (c->flags & CONN_F_REFUSED)
		a |= CONN_ANOM(REFUSED);
	if (c->flags & CONN_F_MIDSTREAM)
		a |= CONN_ANOM(MIDSTREAM);
	s0 = c->end[CONN_CLIENT].state;
	s1 = c->end[CONN_SERVER].state;
	if (s0 != FSM_CLOSED && s0 != FSM_TIME_WAIT &&
	    s1 != FSM_CLOSED && s1 != FSM_TIME_WAIT)
		a |= CONN_ANOM(OPEN);
	f0 = conn_end_fin_sent(&c->end[CONN_CLIENT]);
	f1 = conn_end_fin_sent(&c->end[CONN_SERVER]);
	if (f0 != f1 && s0 != FSM_CLOSED && s1 != FSM_CLOSED)
		a |= CONN_ANOM(HALF_CLOSED);
	if (st != NULL && (st->flags & CONN_S_RESET) &&
	    !(c->flags & CONN_F_REFUSED))
		a |= CONN_ANOM(RST);
	for (k = 0; k < COMPAT_NITEMS(counted); k++) {
		if (conn_anomaly_count(c, st, counted[k]) != 0)
			a |= UINT32_C(1) << counted[k];
	}
	return a;
}

char *
conn_anomalies_format(char *buf, size_t len, uint32_t a)
{
	size_t	 off = 0;
	int	 n, i;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (i = 0; i < CONN_ANOM_COUNT; i++) {
		if (!(a & (UINT32_C(1) << i)))
			continue;
		n = snprintf(buf + off, len - off, "%s%s",
		    off == 0 ? "" : " ", conn_anomaly_words[i]);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += (size_t)n;
	}
	return buf;
}

unsigned
conn_anomaly_total(const struct conn *c, const struct conn_stats *st)
{
	uint32_t	 a = conn_anomalies(c, st);
	unsigned	 n = 0;
	int		 b;

	/* Flags count one each; OPEN and MIDSTREAM are states, not events. */
	a &= ~(CONN_ANOM(OPEN) | CONN_ANOM(MIDSTREAM));
	if (st == NULL)
		return (unsigned)__builtin_popcount(a);
	/* A fast retransmission is counted among the retransmissions. */
	a &= ~CONN_ANOM(FAST_RETX);
	for (b = 0; b < CONN_ANOM_COUNT; b++) {
		if (!(a & (UINT32_C(1) << b)))
			continue;
		n += b == CONN_ANOMB_RST || b == CONN_ANOMB_REFUSED ||
		    b == CONN_ANOMB_HALF_CLOSED ? 1 :
		    conn_anomaly_count(c, st, (enum conn_anomaly_bit)b);
	}
	return n;
}

/* ---- stats (triage) --------------------------------------------------- */

void
conn_stats_init(struct conn_stats *st)
{
	memset(st, 0, sizeof *st);
	st->hs_rtt_us = st->rtt_min_us = st->rtt_max_us = CONN_STATS_NONE;
	st->probe_t[0] = st->probe_t[1] = INT64_MIN;
	st->t_syn = INT64_MIN;
}

uint32_t
conn_stats_time_in(const struct conn *c, const struct conn_stats *st,
    enum fsm_state state, int64_t now)
{
	uint64_t	 ms;
	int		 r;

	if (st == NULL)
		return 0;
	ms = state == FSM_CLOSE_WAIT ? st->close_wait_ms :
	    state == FSM_FIN_WAIT_2 ? st->fin_wait_2_ms : 0;
	for (r = 0; r < 2; r++) {
		const struct conn_end *end = &c->end[r];

		if (end->state == state && end->t_last != INT64_MIN &&
		    now > end->t_last)
			ms += ((uint64_t)now - (uint64_t)end->t_last) /
			    1000000;	/* exact: now > t_last */
	}
	return ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
}

/*
 * Zeek's conn_state, by the meanings its conn.log documents (orig is our
 * client, resp our server):
 *   S0 attempt, no reply; S1 established, not closed; SF established and
 *   closed (both FINs); REJ attempt rejected (RST to the SYN); S2 / S3
 *   established, only orig / resp tried to close; RSTO / RSTR orig /
 *   resp aborted; RSTOS0 orig sent SYN then RST, no SYN,ACK seen; RSTRH
 *   resp sent SYN,ACK then RST, no SYN seen; SH / SHR orig's SYN then
 *   FIN, no SYN,ACK / resp's SYN,ACK then FIN, no SYN; OTH no SYN seen
 *   (mid-stream).
 * The first RST decides who aborted (Zeek looks at the endpoint states).
 */
const char *
conn_stats_zeek_state(const struct conn_stats *st, uint8_t cflags)
{
	bool	 syn, synack, fin_o, fin_r;

	if (st == NULL)
		return "OTH";
	syn = (st->flags & CONN_S_SYN) != 0;
	synack = (st->flags & CONN_S_SYNACK) != 0;
	fin_o = st->dir[CONN_CLIENT].fins != 0;
	fin_r = st->dir[CONN_SERVER].fins != 0;
	if ((!syn && !synack) || (cflags & CONN_F_MIDSTREAM))
		return "OTH";
	if (st->flags & CONN_S_RESET) {
		if (st->rst_by == CONN_SERVER) {
			if (syn && !synack)
				return "REJ";
			return syn ? "RSTR" : "RSTRH";
		}
		if (syn && !synack)
			return "RSTOS0";
		return "RSTO";
	}
	if ((cflags & CONN_F_REFUSED) && syn && !synack)
		return "REJ";
	if (fin_o && fin_r)
		return "SF";
	if (fin_o)
		return synack ? "S2" : "SH";
	if (fin_r)
		return syn ? "S3" : "SHR";
	if (syn && !synack)
		return st->dir[CONN_SERVER].segments == 0 ? "S0" : "OTH";
	if (syn && synack)
		return "S1";
	return "OTH";
}

/* The client is whichever side of the key the engine decided. */
const struct event_endpoint *
conn_endpoint(const struct conn *c, enum conn_role role)
{
	bool	a = (role == CONN_CLIENT) == (c->client_is_a != 0);

	return a ? &c->key.a : &c->key.b;
}

/* The role whose address and port are src. */
enum conn_role
conn_role_of(const struct conn *c, const struct event_endpoint *src)
{
	if (event_endpoint_eq(conn_endpoint(c, CONN_CLIENT), src))
		return CONN_CLIENT;
	return CONN_SERVER;
}

/* The current state of one endpoint. */
enum fsm_state
conn_state(const struct conn *c, enum conn_role role)
{
	return (enum fsm_state)c->end[role == CONN_SERVER].state;
}

/* A ring for cap steps (cap >= 1). */
struct conn_history *
conn_history_new(size_t cap)
{
	struct conn_history	*h;

	if (cap == 0)
		return NULL;
	h = xcalloc(1, sizeof *h);
	h->cap = cap;
	return h;
}

/* Free a ring (NULL is fine). */
void
conn_history_free(struct conn_history *h)
{
	if (h != NULL)
		free(h->steps);
	free(h);
}

/* A zeroed slot for the next step, overwriting the oldest when full. */
struct conn_step *
conn_history_push(struct conn_history *h)
{
	struct conn_step	*s;

	if (h == NULL)
		return NULL;
	if (h->count == h->alloc && h->alloc < h->cap) {
		/* Not full yet, so head is 0 and the steps are in order. */
		h->alloc = h->alloc == 0 ? 16 : h->alloc * 2;
		if (h->alloc > h->cap)
			h->alloc = h->cap;
		h->steps = xreallocarray(h->steps, h->alloc,
		    sizeof *h->steps);
	}
	if (h->count == h->cap) {
		s = &h->steps[h->head];
		h->head = (h->head + 1) % h->cap;
		h->dropped++;
	} else {
		s = &h->steps[h->head + h->count];
		h->count++;
	}
	memset(s, 0, sizeof *s);
	return s;
}

/* Steps held now (0 for no history). */
size_t
conn_history_count(const struct conn_history *h)
{
	return h == NULL ? 0 : h->count;
}

/* Step i, oldest first; NULL when out of range. */
const struct conn_step *
conn_history_at(const struct conn_history *h, size_t i)
{
	if (h == NULL || i >= h->count)
		return NULL;
	return &h->steps[(h->head + i) % h->cap];
}

/* ---- the connection table --------------------------------------------- */

void
conn_table_init(struct conn_table *t)
{
	memset(t, 0, sizeof *t);
	t->free_head = t->lru_head = t->lru_tail = CONN_NIL;
	t->nbuckets = 1024;
	t->buckets = xreallocarray(NULL, t->nbuckets, sizeof *t->buckets);
	memset(t->buckets, 0xff, t->nbuckets * sizeof *t->buckets);
	t->next_id = 1;
}

void
conn_table_free(struct conn_table *t)
{
	size_t	i;

	for (i = 0; i < t->len; i++) {
		conn_history_free(t->pool[i].hist);
		free(t->pool[i].blocks);
	}
	free(t->pool);
	free(t->stats);
	free(t->buckets);
	memset(t, 0, sizeof *t);
}

uint32_t
conn_table_index(const struct conn_table *t, const struct conn *c)
{
	return (uint32_t)(c - t->pool);
}

void
conn_table_keep_stats(struct conn_table *t)
{
	if (t->stats == NULL && t->cap > 0)
		t->stats = xreallocarray(NULL, t->cap, sizeof *t->stats);
	else if (t->stats == NULL)
		t->stats = xmalloc(sizeof *t->stats);
}

struct conn_stats *
conn_table_stats(const struct conn_table *t, const struct conn *c)
{
	if (t->stats == NULL || c == NULL)
		return NULL;
	return &t->stats[c - t->pool];
}

size_t
conn_table_count(const struct conn_table *t)
{
	return t->len;
}

struct conn *
conn_table_at(const struct conn_table *t, size_t i)
{
	if (i >= t->len || !(t->pool[i].flags & CONN_F_IN_USE))
		return NULL;
	return &t->pool[i];
}

struct conn *
conn_table_find(const struct conn_table *t, const struct event_key *key)
{
	uint32_t	 i;

	i = t->buckets[event_key_hash(key) & (t->nbuckets - 1)];
	while (i != CONN_NIL) {
		if (event_key_eq(&t->pool[i].key, key))
			return &t->pool[i];
		i = t->pool[i].hnext;
	}
	return NULL;
}

/* Put slot i on its hash chain. */
static void
conn_table_hash(struct conn_table *t, uint32_t i)
{
	uint32_t	*b;

	b = &t->buckets[event_key_hash(&t->pool[i].key) & (t->nbuckets - 1)];
	t->pool[i].hnext = *b;
	*b = i;
	t->hashed++;
}

void
conn_table_unhash(struct conn_table *t, struct conn *c)
{
	uint32_t	*p, i = conn_table_index(t, c);

	p = &t->buckets[event_key_hash(&c->key) & (t->nbuckets - 1)];
	while (*p != CONN_NIL) {
		if (*p == i) {
			*p = c->hnext;
			c->hnext = CONN_NIL;
			t->hashed--;
			return;
		}
		p = &t->pool[*p].hnext;
	}
}

/* Double the buckets when chains would grow past one on average. */
static void
conn_table_grow(struct conn_table *t)
{
	size_t		 i;

	if (t->hashed < t->nbuckets || t->nbuckets >= ((size_t)1 << 28))
		return;
	free(t->buckets);
	t->nbuckets *= 2;
	t->buckets = xreallocarray(NULL, t->nbuckets, sizeof *t->buckets);
	memset(t->buckets, 0xff, t->nbuckets * sizeof *t->buckets);
	t->hashed = 0;
	for (i = 0; i < t->len; i++) {
		if ((t->pool[i].flags & CONN_F_IN_USE) &&
		    !(t->pool[i].flags & CONN_F_RETIRED))
			conn_table_hash(t, (uint32_t)i);
	}
}

/* Take slot i out of the LRU list. */
static void
conn_table_unlink(struct conn_table *t, uint32_t i)
{
	struct conn	*c = &t->pool[i];

	if (c->lru_prev != CONN_NIL)
		t->pool[c->lru_prev].lru_next = c->lru_next;
	else
		t->lru_head = c->lru_next;
	if (c->lru_next != CONN_NIL)
		t->pool[c->lru_next].lru_prev = c->lru_prev;
	else
		t->lru_tail = c->lru_prev;
	c->lru_prev = c->lru_next = CONN_NIL;
}

/* Put slot i at the most recently used end. */
static void
conn_table_append(struct conn_table *t, uint32_t i)
{
	struct conn	*c = &t->pool[i];

	c->lru_prev = t->lru_tail;
	c->lru_next = CONN_NIL;
	if (t->lru_tail != CONN_NIL)
		t->pool[t->lru_tail].lru_next = i;
	else
		t->lru_head = i;
	t->lru_tail = i;
}

void
conn_table_touch(struct conn_table *t, struct conn *c)
{
	uint32_t	 i = conn_table_index(t, c);

	if (t->lru_tail == i)
		return;
	conn_table_unlink(t, i);
	conn_table_append(t, i);
}

struct conn *
conn_table_oldest(const struct conn_table *t)
{
	return t->lru_head == CONN_NIL ? NULL : &t->pool[t->lru_head];
}

struct conn *
conn_table_alloc(struct conn_table *t, const struct event_key *key,
    int64_t when)
{
	struct conn	*c;
	uint32_t	 i;
	int		 r;

	if (t->free_head != CONN_NIL) {
		i = t->free_head;
		t->free_head = t->pool[i].hnext;
	} else {
		if (t->len == t->cap) {
			t->cap = t->cap == 0 ? 256 : t->cap * 2;
			t->pool = xreallocarray(t->pool, t->cap,
			    sizeof *t->pool);
			/* The stats grow with the pool, slot for slot. */
			if (t->stats != NULL)
				t->stats = xreallocarray(t->stats, t->cap,
				    sizeof *t->stats);
		}
		i = (uint32_t)t->len++;
	}
	c = &t->pool[i];
	memset(c, 0, sizeof *c);
	c->key = *key;
	c->id = t->next_id++;
	if (t->next_id == 0)
		t->next_id = 1;
	if (t->stats != NULL)
		conn_stats_init(&t->stats[i]);
	c->flags = CONN_F_IN_USE;
	if (event_endpoint_eq(&key->a, &key->b))
		c->flags |= CONN_F_SELF;
	c->t_first = c->t_last = when;
	c->client_is_a = 1;
	for (r = 0; r < 2; r++) {
		c->end[r].state = FSM_CLOSED;
		c->end[r].known = CONN_KNOWN_IMPLIED;
		c->end[r].origin = FSM_ORIGIN_ANY;
		c->end[r].t_last = INT64_MIN;
		c->end[r].tw_deadline = INT64_MAX;
	}
	t->live++;
	conn_table_hash(t, i);
	conn_table_append(t, i);
	conn_table_grow(t);
	return &t->pool[i];
}

void
conn_table_release(struct conn_table *t, struct conn *c)
{
	uint32_t	 i = conn_table_index(t, c);

	if (!(c->flags & CONN_F_RETIRED))
		conn_table_unhash(t, c);
	conn_table_unlink(t, i);
	conn_history_free(c->hist);
	c->hist = NULL;
	free(c->blocks);
	c->blocks = NULL;
	c->flags = 0;
	c->id = 0;
	c->hnext = t->free_head;
	t->free_head = i;
	t->live--;
}
