/*
 * view.h: the views (ladder, state graph, connection list, explanation)
 * and the timeline they share. Layer 3: reads the engine's model (conn.h,
 * fsm.h) through const pointers and draws on a canvas; no curses, no I/O.
 *
 * A timeline turns one connection's history into rows: a segment row is a
 * segment and the transitions it caused; a transition with no segment of
 * its own (a 2*MSL timeout, an application call) gets a row alone. The
 * player's cursor is a row index; every view draws "the model as of row
 * pos", so stepping back is just a smaller pos.
 */
#ifndef TCPVIZ_VIEW_H
#define TCPVIZ_VIEW_H

#include "compat.h"
#include "canvas.h"
#include "conn.h"
#include "fsm.h"
#include "layout.h"

#define VIEW_ROW_TR_MAX		4

struct quiz;

struct view_row {
	const struct conn_step	*seg;		/* NULL: transitions only */
	const struct conn_step	*tr[VIEW_ROW_TR_MAX];
	size_t			 ntr;
	int64_t			 t;
	uint32_t		 ann;		/* annotations of the row */
};

/*
 * How the ladder and the narration write sequence numbers: Stevens's
 * letters (SYN J, SYN K, ACK J+1; FIN M, FIN N), the x/y of Chinese
 * textbooks (seq=x, seq=y; FINs seq=u, seq=w), numbers relative to each
 * side's ISS, or the numbers on the wire.
 */
enum view_notation {
	VIEW_NOTATION_STEVENS,
	VIEW_NOTATION_XY,
	VIEW_NOTATION_RELATIVE,
	VIEW_NOTATION_ABSOLUTE,
	VIEW_NOTATION_COUNT
};

/* "stevens", "xy", "relative", "absolute". */
const char	*view_notation_name(enum view_notation);
/* The notation a name gives, or -1. */
int		 view_notation_parse(const char *);

/* How the ladder's time column reads. */
enum view_clock {
	VIEW_CLOCK_RELATIVE,	/* "+0.540 s" since the first row */
	VIEW_CLOCK_ABSOLUTE,	/* "12:00:04.540" UTC */
	VIEW_CLOCK_COUNT
};

struct view_timeline {
	const struct conn	*conn;
	struct view_row		*rows;
	size_t			 count;
	size_t			 cap;
	uint32_t		 base[2];	/* ISS per role: J and K */
	bool			 has_base[2];
	bool			 syn_seen[2];
	int8_t			 initial[2];	/* state before row 0; -1 */
	uint32_t		 fin[2];	/* each role's first FIN seq */
	bool			 has_fin[2];
	uint8_t			 fin_rank[2];	/* 0: the first FIN (M) */
	enum view_notation	 notation;	/* kept across builds */
	/*
	 * Set before building (a demo): row 0 is step 0, the world before
	 * the first segment (no segment, no transition; both ends in their
	 * initial states), so a class sees it before the first SYN.
	 */
	bool			 start;
	/*
	 * Live: the state each role's unsettled segments lead to (-1: none)
	 * and the frame of the segment that leads there, set by the caller
	 * after building (engine_conn_pending_state); the ladder writes it
	 * as "SYN_RCVD?" where that segment arrives.
	 */
	int8_t			 pending[2];
	uint64_t		 pending_frame[2];
};

void	 view_timeline_build(struct view_timeline *, const struct conn *);
/* The first row that is a segment or a transition (1 with a start row). */
size_t	 view_timeline_first(const struct view_timeline *);
void	 view_timeline_clear(struct view_timeline *);
/* The state of a role once row pos is done (-1: unknown). */
int	 view_timeline_state(const struct view_timeline *, size_t pos,
	     enum conn_role);
/* The last transition of a role within row pos, or NULL. */
const struct conn_step *view_timeline_last_tr(const struct view_timeline *,
	     size_t pos, enum conn_role);
bool	 view_timeline_is_change(const struct view_timeline *, size_t);
/* A row with an annotation or a RST: where ] and [ stop. */
bool	 view_timeline_is_anomaly(const struct view_timeline *, size_t);
/*
 * Sequence number v of a role's space in the timeline's notation: "J+1",
 * "M", "x+1", "301", "3000". A side's FIN letter names its FIN (own_fin:
 * v is the FIN's own seq) and what comes after it, never what came before.
 */
char	*view_seqnum_format(char *, size_t, const struct view_timeline *,
	     int role, uint32_t v, bool own_fin);
/*
 * Narration written in Stevens's letters with the timeline's notation:
 * each J, K, M or N standing alone as a word (optionally "+n") becomes
 * that number as the notation writes it; letters not yet known stay.
 */
char	*view_notation_rewrite(char *, size_t, const struct view_timeline *,
	     const char *);
/* A span of time in at most maxw columns: "+0.540 s", "+0.540", "+12.3". */
char	*view_time_span(char *, size_t, int64_t ns, int maxw);
/* A span of time, short: "1 s", "0.25 s", "2.5 s", "75 s". */
char	*view_time_short(char *, size_t, int64_t ns);
/* later - earlier: 0 when it goes back, saturated. */
int64_t	 view_time_between(int64_t earlier, int64_t later);
/* When a step's segment arrived: its time plus its time on the wire. */
int64_t	 view_step_arrival(const struct conn_step *);
/*
 * Row i's place in a chain of copies of one segment (a retransmission):
 * the gap since the previous copy (the timer that fired: 1 s, 2 s, 4 s
 * ...) and how many copies came before; false when it is no copy. A
 * keep-alive counts from its sender's previous segment.
 */
bool	 view_timeline_retry(const struct view_timeline *, size_t i,
	     int64_t *gap, unsigned *copy);
/*
 * Where a role's TIME_WAIT stands once row pos is done: the time it began
 * or last restarted (a repeated FIN), and whether it restarted; false
 * when the role is not in TIME_WAIT there.
 */
bool	 view_timeline_tw_start(const struct view_timeline *, size_t pos,
	     int role, int64_t *start, bool *restarted);
/* TIME_WAIT's 2*MSL left once row pos is done; false: not in it. */
bool	 view_timeline_tw_left(const struct view_timeline *, size_t pos,
	     int role, int64_t msl_ns, int64_t *left, bool *restarted);
/* The time once row pos is done (its latest transition or its send). */
int64_t	 view_timeline_now(const struct view_timeline *, size_t pos);
/* When a role entered the state it is in after row pos (-1: unknown). */
int64_t	 view_timeline_since(const struct view_timeline *, size_t pos,
	     int role);
/* "SYN,ACK seq=K ack=J+1" for a segment row. */
char	*view_segment_label(char *, size_t, const struct view_timeline *,
	     const struct conn_step *);
/* The same, dropping whole parts (len, ack, ...) to fit in maxw columns. */
char	*view_segment_label_fit(char *, size_t, const struct view_timeline *,
	     const struct conn_step *, int maxw);
/*
 * Between two sentences at buf[off]: a space, except after a double-width
 * character (Chinese sets no space after 。). Returns the new off.
 */
size_t	 view_text_sep(char *, size_t off, size_t len);
/* Note i of a scenario: its time (the rows' clock) and text; false: none. */
typedef bool	 (*view_note_fn)(const void *, size_t, int64_t *,
		    const char **);
#define VIEW_NOTES_MAX		4096
/* The row a note timed t speaks for (count: none). */
size_t	 view_timeline_note_row(const struct view_timeline *, int64_t);
/* The notes for row pos joined into a buffer, or NULL. */
const char *view_timeline_notes(const struct view_timeline *, size_t pos,
	     view_note_fn, const void *, char *, size_t);

/* Which region has the keyboard. */
enum view_focus {
	VIEW_FOCUS_SEQ,
	VIEW_FOCUS_GRAPH,
	VIEW_FOCUS_CONNS
};

/* Everything the views need to draw one frame. */
struct view_ctx {
	const struct view_timeline *tl;		/* NULL: nothing selected */
	size_t			 pos;		/* cursor row */
	bool			 color;
	enum view_focus		 focus;
	int			 scroll;	/* ladder rows scrolled back */
	const char		*narration;	/* scenario text, or NULL */
	bool			 note_only;	/* the narration alone (the list's
						   measures), no step text */
	const char		*title;		/* title row text */
	const char		*status_left;	/* mode, time, speed ... */
	const char		*status_right;	/* key hints */
	bool			 help;		/* show the help panel */
	enum view_clock		 clock;		/* the ladder's time column */
	bool			 demo;		/* a simulation: exact times */
	int64_t			 msl_ns;	/* TIME_WAIT lasts 2 * this */
	bool			 info_norule;	/* no rule above the text */
	size_t			 from;		/* ladder: no row before it
						   (an export's range) */
	const struct quiz	*quiz;		/* quiz mode (quiz.h), or NULL */
	bool			 quiz_final;	/* the quiz is over: the score */
	/* C: the comparison with a scenario over the frame, or NULL. */
	const char		*panel;		/* its text, lines */
	int			 panel_top;	/* first row shown */
};

/* The ladder (view-seq.c): the names, the states row, then the rows. */
#define VIEW_SEQ_TOP		2
void	 view_seq_draw(struct canvas *, const struct canvas_rect *,
	     const struct view_ctx *, enum layout_mode);
/* The rows it shows, first..last; false: none. */
bool	 view_seq_window(const struct canvas_rect *, const struct view_ctx *,
	     size_t *first, size_t *last);
/* The row drawn on screen line y of the ladder (a click), or SIZE_MAX. */
size_t	 view_seq_row_at(const struct canvas_rect *, const struct view_ctx *,
	     int y);
/* The state graph (view-graph.c). */
void	 view_graph_draw(struct canvas *, const struct canvas_rect *,
	     const struct view_ctx *, enum layout_mode);
/* The first edge whose drawn route disagrees with fsm.c, or EDGE_NONE. */
enum fsm_edge view_graph_check_routes(void);
/* The box of a state in the graph as last drawn (for mouse clicks). */
bool	 view_graph_box(const struct canvas_rect *, enum layout_mode,
	     enum fsm_state, struct canvas_rect *);
/* The narration and explanation lines (view-info.c). */
void	 view_info_draw(struct canvas *, const struct canvas_rect *,
	     const struct view_ctx *, enum layout_mode);
/*
 * Word-wrap text into rows y .. y+h-1 of width w (a line may also end
 * after any double-width character); returns the rows the whole text
 * needs. With c NULL nothing is drawn.
 */
int	 view_info_wrap(struct canvas *, int x, int y, int w, int h,
	     const char *, unsigned attr);
/* One sentence on row pos: what happened and why. */
char	*view_info_narrate(char *, size_t, const struct view_ctx *);
/*
 * Word-wrap text into rows y .. y+h-1 of width w (at a space, else
 * between characters; widths by wcwidth); returns the rows it needs.
 * With c NULL nothing is drawn (view-info.c; the picker uses it too).
 */
int	 view_info_wrap(struct canvas *, int x, int y, int w, int h,
	     const char *, unsigned attr);
/*
 * The help panel: every key, then where rows are left the selected
 * connection's Wireshark and BPF filters (view-info.c).
 */
void	 view_info_help(struct canvas *, const struct canvas_rect *,
	     const struct view_ctx *);

/* The connection list (view-conns.c). */
enum view_conns_sort {
	VIEW_CONNS_SORT_ID,		/* connection number (first seen) */
	VIEW_CONNS_SORT_ANOMALIES,	/* conn_anomaly_total, most first */
	VIEW_CONNS_SORT_DURATION,	/* longest first */
	VIEW_CONNS_SORT_BYTES,		/* payload both ways (else segments) */
	VIEW_CONNS_SORT_STATE,		/* client state */
	VIEW_CONNS_SORT_SERVER_STATE,
	VIEW_CONNS_SORT_LAST,		/* most recent activity */
	VIEW_CONNS_SORT_COUNT
};

/* One row: the connection, its triage counts and their anomaly bits. */
struct view_conns_item {
	const struct conn	*c;
	const struct conn_stats	*st;		/* NULL: not kept */
	uint32_t		 anom;		/* conn_anomalies() */
	unsigned		 total;		/* conn_anomaly_total() */
};

/*
 * The list's pointers are borrowed from the engine and valid only until
 * the engine is next fed: view_conns_set() must come after every feed,
 * before the list is drawn or read. The selection survives a refill by
 * id (sel_id), never through the old pointers.
 */
struct view_conns {
	struct view_conns_item	*list;		/* sorted, borrowed pointers */
	size_t			 count;
	size_t			 cap;
	size_t			 selected;
	uint32_t		 sel_id;	/* list[selected]'s id; 0 none */
	bool			 pin_top;	/* refills select row 0 (until
						   the selection moves) */
	size_t			 top;		/* first row shown */
	enum view_conns_sort	 sort;
	int64_t			 now;		/* for the age column */
	/* Live mode: what the list leaves out, and why. */
	char			 filter[64];	/* words, all must match */
	int64_t			 linger_ns;	/* 0: ended ones stay */
	size_t			 total;		/* given to view_conns_set */
	size_t			 gone;		/* ended longer than linger */
	uint64_t		 evicted;	/* by --max-conns (the engine) */
	/*
	 * Live: the state a role's unsettled segments lead to, or -1
	 * (engine_conn_pending_state through the session); NULL: none.
	 */
	int			(*pending)(const void *, const struct conn *,
				    enum conn_role);
	const void		*pending_arg;
	/* The header's counts over the rows listed (ss -s). */
	size_t			 nstate[FSM_STATE_COUNT];
	size_t			 nanom[CONN_ANOM_COUNT];
};

/* Columns the list needs for states and two IPv4 endpoints. */
#define VIEW_CONNS_WIDE		96

/*
 * Does a connection pass the filter? Each word of it must match: a state
 * of either end by prefix (FIN_WAIT, close-wait, es), an anomaly word
 * (rst, retx, zerowin, open: conn.h), a port (443, :443), or part of an
 * address. st may be NULL.
 */
bool	 view_conns_match(const char *filter, const struct conn *,
	     const struct conn_stats *);
/* The state a connection is counted in: the client's, else the server's. */
enum fsm_state view_conns_state(const struct conn *);

/* A role's state for the list: "SYN_RCVD?" while tentative. */
const char *view_conns_state_label(const struct view_conns *, const struct conn *,
	     enum conn_role, char *, size_t);
/* Refill from n connections and (NULL, or n of them) their stats. */
void	 view_conns_set(struct view_conns *, const struct conn *const *,
	     const struct conn_stats *const *, size_t);
void	 view_conns_clear(struct view_conns *);
void	 view_conns_move(struct view_conns *, int delta);
/* Select row i of the list (clamped). */
void	 view_conns_select(struct view_conns *, size_t);
/* ], [: the next (dir 1) or previous row with anomalies; false: none. */
bool	 view_conns_next_anomaly(struct view_conns *, int dir);
const struct conn *view_conns_selected(const struct view_conns *);
const char *view_conns_sort_name(enum view_conns_sort);
void	 view_conns_draw(struct canvas *, const struct canvas_rect *,
	     struct view_conns *, bool focused);

#endif
