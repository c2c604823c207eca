/*
 * quiz.c: quiz mode's questions and score (quiz.h). Every choice is drawn
 * from the timeline and the RFC table; the seed only picks among them and
 * orders them, through a hash of (seed, row) so a question does not
 * depend on which questions came before it (stepping back and a second
 * run ask the same).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "conn.h"
#include "engine.h"
#include "event.h"
#include "fsm.h"
#include "i18n.h"
#include "quiz.h"
#include "view.h"

/* splitmix64: a good spread from a few input bits. */
static uint64_t
quiz_mix(uint64_t x)
{
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static uint64_t
quiz_rand(uint64_t *s)
{
	*s = quiz_mix(*s);
	return *s;
}

static const char *
quiz_role_name(int role)
{
	return role == CONN_SERVER ? _("server") : _("client");
}

/* Add a state to a candidate list unless it is the answer or there. */
static void
quiz_add_state(int *list, size_t *n, size_t max, int right, int s)
{
	size_t	i;

	if (!fsm_state_valid(s) || s == right || *n >= max)
		return;
	for (i = 0; i < *n; i++) {
		if (list[i] == s)
			return;
	}
	list[(*n)++] = s;
}

/* Fisher-Yates over the first n of a list of ints. */
static void
quiz_shuffle(int *list, size_t n, uint64_t *rng)
{
	size_t	i, j;
	int	t;

	for (i = n; i > 1; i--) {
		j = (size_t)(quiz_rand(rng) % i);
		t = list[i - 1];
		list[i - 1] = list[j];
		list[j] = t;
	}
}

/*
 * Put the right choice among the wrong ones (nwrong of them, already in
 * q->choice[1..]) at a seeded place.
 */
static void
quiz_place(struct quiz_question *q, size_t nwrong, uint64_t *rng)
{
	char	tmp[sizeof q->choice[0]];

	q->nchoice = nwrong + 1;
	q->right = (size_t)(quiz_rand(rng) % q->nchoice);
	if (q->right != 0) {
		memcpy(tmp, q->choice[q->right], sizeof tmp);
		memcpy(q->choice[q->right], q->choice[0], sizeof tmp);
		memcpy(q->choice[0], tmp, sizeof tmp);
	}
}

/*
 * Which state does the endpoint enter? The wrong choices, most plausible
 * first: where the other edges from its state lead (the other event),
 * staying where it is, the peer's state, one edge further than the
 * answer. Three are kept, in a seeded order.
 */
static void
quiz_state_choices(struct quiz_question *q, const struct view_timeline *tl,
    const struct conn_step *tr, uint64_t *rng)
{
	int	cand[FSM_STATE_COUNT], pick[QUIZ_CHOICES_MAX - 1];
	size_t	n = 0, npick, i;
	int	e, peer, right = tr->u.tr.to, from = tr->u.tr.from;

	for (e = 0; e < FSM_EDGE_COUNT; e++) {
		if (fsm_state_valid(from) &&
		    fsm_edge_leaves((enum fsm_edge)e, (enum fsm_state)from))
			quiz_add_state(cand, &n, COMPAT_NITEMS(cand), right,
			    (int)fsm_edges[e].to);
	}
	quiz_add_state(cand, &n, COMPAT_NITEMS(cand), right, from);
	peer = q->row > 0 ? view_timeline_state(tl, q->row - 1,
	    (enum conn_role)!tr->role) : tl->initial[!tr->role];
	quiz_add_state(cand, &n, COMPAT_NITEMS(cand), right, peer);
	/* Too few: a step too far (where the answer's edges lead). */
	for (e = 0; e < FSM_EDGE_COUNT && n < QUIZ_CHOICES_MAX - 1; e++) {
		if (fsm_state_valid(right) &&
		    fsm_edge_leaves((enum fsm_edge)e, (enum fsm_state)right))
			quiz_add_state(cand, &n, COMPAT_NITEMS(cand), right,
			    (int)fsm_edges[e].to);
	}
	/* The ones nearest the question first, then a seeded three. */
	npick = n < COMPAT_NITEMS(pick) ? n : COMPAT_NITEMS(pick);
	quiz_shuffle(cand, n, rng);
	for (i = 0; i < npick; i++)
		pick[i] = cand[i];
	snprintf(q->choice[0], sizeof q->choice[0], "%s",
	    fsm_state_name((enum fsm_state)right));
	for (i = 0; i < npick; i++)
		snprintf(q->choice[i + 1], sizeof q->choice[0], "%s",
		    fsm_state_name((enum fsm_state)pick[i]));
	quiz_place(q, npick, rng);
}

/* Is a label among the first n choices? */
static bool
quiz_has_choice(const struct quiz_question *q, size_t n, const char *s)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strcmp(q->choice[i], s) == 0)
			return true;
	}
	return false;
}

/*
 * Could the sender, in the state it is in before the row, send flags f by
 * the RFC table: does an edge from that state send them (E02 SYN, E03
 * SYN,ACK, E07 ACK, E09 FIN, ...)?
 */
static bool
quiz_table_sends(const struct view_timeline *tl, size_t row, int role,
    uint16_t f)
{
	int		 s, e;
	unsigned	 snd;
	uint16_t	 g;

	s = row > 0 ? view_timeline_state(tl, row - 1, (enum conn_role)role) :
	    tl->initial[role];
	if (!fsm_state_valid(s))
		return false;
	for (e = 0; e < FSM_EDGE_COUNT; e++) {
		if (!fsm_edge_leaves((enum fsm_edge)e, (enum fsm_state)s))
			continue;
		snd = fsm_edges[e].send;
		g = 0;
		if (snd & FSM_SEND_SYN)
			g |= SEGF_SYN;
		if (snd & FSM_SEND_ACK)
			g |= SEGF_ACK;
		if (snd & FSM_SEND_FIN)
			g |= SEGF_FIN | SEGF_ACK;
		if (snd & FSM_SEND_RST)
			g |= SEGF_RST;
		if (g != 0 && g == f)
			return true;
	}
	return false;
}

/*
 * Which segment comes next? The same segment with one mistake: the ack
 * without its +1 or one too far, the seq one off, or the flags another
 * edge from the sender's state would send (the RFC table: SYN for
 * SYN,ACK, FIN,ACK for ACK, ...); those first, then other flags of the
 * handshake and the close.
 */
static void
quiz_segment_choices(struct quiz_question *q, const struct view_timeline *tl,
    const struct conn_step *seg, uint64_t *rng)
{
	static const uint16_t	 flags[] = {
		SEGF_SYN, SEGF_SYN | SEGF_ACK, SEGF_ACK, SEGF_FIN | SEGF_ACK,
		SEGF_RST | SEGF_ACK, SEGF_RST, SEGF_PSH | SEGF_ACK
	};
	struct conn_step	 alt[COMPAT_NITEMS(flags) + 3];
	char			 label[sizeof q->choice[0]];
	size_t			 n = 0, nw = 0, n1 = 0, n2 = 0, i, j;
	int			 order[COMPAT_NITEMS(alt)];
	int			 tier2[COMPAT_NITEMS(alt)];
	uint16_t		 f = seg->u.seg.flags;
	int			 role = seg->role == CONN_SERVER;

	for (i = 0; i < COMPAT_NITEMS(flags); i++) {
		if (flags[i] == (f & (SEGF_SYN | SEGF_ACK | SEGF_FIN |
		    SEGF_RST | SEGF_PSH)))
			continue;
		/* Data goes with PSH,ACK only; a bare flag has no data. */
		if (seg->u.seg.len > 0 && flags[i] != (SEGF_PSH | SEGF_ACK))
			continue;
		if (seg->u.seg.len == 0 && flags[i] == (SEGF_PSH | SEGF_ACK))
			continue;
		alt[n] = *seg;
		alt[n].u.seg.flags = flags[i];
		if ((f & SEGF_ACK) == 0 && (flags[i] & SEGF_ACK))
			alt[n].u.seg.ack = tl->has_base[seg->role ==
			    CONN_CLIENT] ? tl->base[seg->role == CONN_CLIENT] +
			    1 : 1;
		n++;
	}
	if (f & SEGF_ACK) {
		alt[n] = *seg;
		alt[n++].u.seg.ack = seg->u.seg.ack - 1;
		alt[n] = *seg;
		alt[n++].u.seg.ack = seg->u.seg.ack + 1;
	}
	alt[n] = *seg;
	alt[n++].u.seg.seq = seg->u.seg.seq + 1;
	view_segment_label_fit(q->choice[0], sizeof q->choice[0], tl, seg,
	    (int)sizeof q->choice[0] - 1);
	/* The table's own (and the off-by-ones) first, each tier seeded. */
	for (i = 0; i < n; i++) {
		if (alt[i].u.seg.flags == f ||
		    quiz_table_sends(tl, q->row, role, alt[i].u.seg.flags))
			order[n1++] = (int)i;
		else
			tier2[n2++] = (int)i;
	}
	quiz_shuffle(order, n1, rng);
	quiz_shuffle(tier2, n2, rng);
	for (i = 0; i < n2; i++)
		order[n1 + i] = tier2[i];
	for (i = 0; i < n && nw < QUIZ_CHOICES_MAX - 1; i++) {
		j = (size_t)order[i];
		view_segment_label_fit(label, sizeof label, tl, &alt[j],
		    (int)sizeof label - 1);
		if (label[0] == '\0' || quiz_has_choice(q, nw + 1, label))
			continue;
		snprintf(q->choice[nw + 1], sizeof q->choice[0], "%s", label);
		nw++;
	}
	quiz_place(q, nw, rng);
}

/*
 * Can a transition be asked about? Its states are known; an implied one
 * (LISTEN before the first SYN, never on the wire) only when nothing
 * else is there to ask.
 */
static bool
quiz_askable(const struct conn_step *tr, bool implied)
{
	return fsm_state_valid(tr->u.tr.from) && fsm_state_valid(tr->u.tr.to) &&
	    (implied || tr->u.tr.known != CONN_KNOWN_IMPLIED);
}

/* The transition a question is about: one of the row's, seeded. */
static const struct conn_step *
quiz_transition(const struct view_row *r, uint64_t *rng)
{
	size_t	i, n = 0, k;
	bool	implied = false;

	for (i = 0; i < r->ntr; i++) {
		if (quiz_askable(r->tr[i], false))
			n++;
	}
	if (n == 0) {
		implied = true;
		for (i = 0; i < r->ntr; i++) {
			if (quiz_askable(r->tr[i], true))
				n++;
		}
	}
	if (n == 0)
		return NULL;
	k = (size_t)(quiz_rand(rng) % n);
	for (i = 0; i < r->ntr; i++) {
		if (!quiz_askable(r->tr[i], implied))
			continue;
		if (k-- == 0)
			return r->tr[i];
	}
	return NULL;
}

bool
quiz_build(struct quiz_question *q, const struct view_timeline *tl,
    size_t row, uint32_t seed)
{
	const struct fsm_edge_info	*ei;
	const struct conn_step		*tr, *seg;
	const struct view_row		*r;
	char				 reason[256], from[24];
	uint64_t			 rng;
	size_t				 off;
	int				 n;

	memset(q, 0, sizeof *q);
	q->edge = FSM_EDGE_NONE;
	if (!view_timeline_is_change(tl, row))
		return false;
	r = &tl->rows[row];
	rng = quiz_mix(((uint64_t)seed << 32) ^ (uint64_t)row);
	if ((tr = quiz_transition(r, &rng)) == NULL)
		return false;
	q->row = row;
	q->role = tr->role == CONN_SERVER;
	if (fsm_edge_valid(tr->u.tr.edge))
		q->edge = (enum fsm_edge)tr->u.tr.edge;
	seg = r->seg;
	/* A segment question about half the time, where there is one. */
	q->kind = seg != NULL && quiz_rand(&rng) % 2 == 0 ? QUIZ_SEGMENT :
	    QUIZ_STATE;
	snprintf(from, sizeof from, "%s", fsm_state_valid(tr->u.tr.from) ?
	    fsm_state_name((enum fsm_state)tr->u.tr.from) : "?");
	ei = fsm_edge_info(q->edge);
	if (q->kind == QUIZ_SEGMENT) {
		snprintf(q->prompt, sizeof q->prompt,
		    _("Which segment does the %s send next?"),
		    quiz_role_name(seg->role == CONN_SERVER));
		quiz_segment_choices(q, tl, seg, &rng);
	} else {
		if (ei != NULL)
			snprintf(q->prompt, sizeof q->prompt,
			    _("The %s is in %s; event: %s. Which state does "
			    "it enter next?"), quiz_role_name(q->role), from,
			    _(ei->event));
		else
			snprintf(q->prompt, sizeof q->prompt,
			    _("The %s is in %s. Which state does it enter "
			    "next?"), quiz_role_name(q->role), from);
		quiz_state_choices(q, tl, tr, &rng);
	}
	/* The explanation: the edge, its RFC section, the engine's why. */
	off = 0;
	n = snprintf(q->explain, sizeof q->explain, "%s %s -> %s",
	    quiz_role_name(q->role), from, fsm_state_name(
	    (enum fsm_state)tr->u.tr.to));
	if (n > 0 && (size_t)n < sizeof q->explain)
		off = (size_t)n;
	if (ei != NULL && off < sizeof q->explain) {
		n = snprintf(q->explain + off, sizeof q->explain - off,
		    " (%s: %s / %s, %s)", ei->id, _(ei->event), _(ei->action),
		    ei->rfc);
		if (n > 0 && (size_t)n < sizeof q->explain - off)
			off += (size_t)n;
	}
	engine_step_reason(reason, sizeof reason, tr);
	if (reason[0] != '\0' && off + 3 < sizeof q->explain)
		snprintf(q->explain + off, sizeof q->explain - off, ". %s",
		    reason);
	return true;
}

void
quiz_init(struct quiz *z, bool on, uint32_t seed)
{
	memset(z, 0, sizeof *z);
	z->on = on;
	z->seed = seed;
}

void
quiz_toggle(struct quiz *z)
{
	quiz_init(z, !z->on, z->seed);
}

bool
quiz_hold(struct quiz *z, const struct view_timeline *tl, uint32_t id,
    size_t row)
{
	if (!z->on)
		return false;
	if (z->asking)
		return true;
	if (id != z->conn_id) {
		/* Another connection: its questions from the start. */
		z->conn_id = id;
		z->next_row = 0;
	}
	if (row < z->next_row || !view_timeline_is_change(tl, row))
		return false;
	if (!quiz_build(&z->q, tl, row, z->seed)) {
		z->next_row = row + 1;
		return false;
	}
	z->asking = true;
	z->answered = false;
	return true;
}

bool
quiz_answer(struct quiz *z, size_t n)
{
	if (!z->on || !z->asking || n >= z->q.nchoice)
		return false;
	z->asking = false;
	z->answered = true;
	z->given = n;
	z->correct = n == z->q.right;
	z->asked[z->q.kind]++;
	if (z->correct)
		z->right[z->q.kind]++;
	z->next_row = z->q.row + 1;
	return true;
}

unsigned
quiz_total_asked(const struct quiz *z)
{
	return z->asked[QUIZ_STATE] + z->asked[QUIZ_SEGMENT];
}

unsigned
quiz_total_right(const struct quiz *z)
{
	return z->right[QUIZ_STATE] + z->right[QUIZ_SEGMENT];
}

char *
quiz_score_format(char *buf, size_t len, const struct quiz *z, bool kinds)
{
	if (!kinds)
		snprintf(buf, len, "%u/%u", quiz_total_right(z),
		    quiz_total_asked(z));
	else
		/* TRANSLATORS: right/asked overall, then per kind. */
		snprintf(buf, len, _("%u/%u (states %u/%u, segments %u/%u)"),
		    quiz_total_right(z), quiz_total_asked(z),
		    z->right[QUIZ_STATE], z->asked[QUIZ_STATE],
		    z->right[QUIZ_SEGMENT], z->asked[QUIZ_SEGMENT]);
	return buf;
}
