/*
 * canvas-curses.c: the canvas on an ncursesw screen. Layer 4: one of the
 * two files that include curses (ui.c is the other).
 *
 * Roles become colour pairs (256 or 8 colours) or, with --no-color,
 * NO_COLOR or a terminal without colours, bold/reverse/underline from the
 * role table in canvas.h, so lit states and the glowing edge stay visible
 * in monochrome (the C/S letters and the edge label say it in text too).
 */
#include "config.h"

#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "canvas.h"
#include "xmalloc.h"

struct canvas_curses {
	bool	color;
	attr_t	attrs[CANVAS_R_COUNT];
	short	pairs[CANVAS_R_COUNT];
};

/* The role table, split into its columns. */
static const struct {
	short		c256;
	short		c8;
	unsigned	mono;
} canvas_curses_roles[CANVAS_R_COUNT] = {
#define CANVAS_X(name, c256, c8, mono) [CANVAS_R_##name] = { c256, c8, mono },
	CANVAS_ROLES(CANVAS_X)
#undef CANVAS_X
};

/* Curses attributes for CANVAS_A_* bits. */
static attr_t
canvas_curses_bits(unsigned a)
{
	attr_t	r = A_NORMAL;

	if (a & CANVAS_A_BOLD)
		r |= A_BOLD;
	if (a & CANVAS_A_REVERSE)
		r |= A_REVERSE;
	if (a & CANVAS_A_UNDERLINE)
		r |= A_UNDERLINE;
	return r;
}

static void
canvas_curses_clear(struct canvas *c)
{
	(void)c;
	erase();
}

/* Put one character with its role's look. */
static void
canvas_curses_cell(struct canvas *c, int x, int y, const char *ch,
    size_t len, int width, unsigned attr)
{
	struct canvas_curses	*cc = c->priv;
	unsigned		 role = attr & CANVAS_ROLE_MASK;
	wchar_t			 wc[2];
	uint32_t		 cp;
	cchar_t			 cch;
	attr_t			 a;
	short			 pair = 0;

	(void)width;
	if (role >= CANVAS_R_COUNT)
		role = CANVAS_R_NORMAL;
	canvas_utf8_decode(ch, len, &cp);
	wc[0] = (wchar_t)cp;
	wc[1] = L'\0';
	a = cc->attrs[role] | canvas_curses_bits(attr);
	if (cc->color)
		pair = cc->pairs[role];
	if (setcchar(&cch, wc, a, pair, NULL) == OK)
		mvadd_wch(y, x, &cch);
}

static void
canvas_curses_free(struct canvas *c)
{
	free(c->priv);
	free(c);
}

static const struct canvas_class canvas_curses_class = {
	.name = "curses",
	.clear = canvas_curses_clear,
	.cell = canvas_curses_cell,
	.free = canvas_curses_free,
};

/*
 * A canvas on stdscr (initscr() was called). Colour when the terminal
 * has it and color is true; 256-colour values when it has 256.
 */
struct canvas *
canvas_curses_new(bool ascii, bool color)
{
	struct canvas		*c;
	struct canvas_curses	*cc;
	int			 i;
	short			 fg;
	bool			 many;

	c = xcalloc(1, sizeof *c);
	cc = xcalloc(1, sizeof *cc);
	c->cls = &canvas_curses_class;
	c->priv = cc;
	c->ascii = ascii;
	cc->color = color && has_colors() && start_color() == OK;
	if (cc->color)
		use_default_colors();
	many = cc->color && COLORS >= 256 && COLOR_PAIRS > CANVAS_R_COUNT;
	for (i = 0; i < CANVAS_R_COUNT; i++) {
		if (!cc->color) {
			cc->attrs[i] = canvas_curses_bits(
			    canvas_curses_roles[i].mono);
			continue;
		}
		fg = many ? canvas_curses_roles[i].c256 :
		    canvas_curses_roles[i].c8;
		if (i + 1 < COLOR_PAIRS && init_pair((short)(i + 1), fg, -1) ==
		    OK)
			cc->pairs[i] = (short)(i + 1);
		/* Lit boxes and bars keep their reverse video in colour. */
		cc->attrs[i] = canvas_curses_bits(canvas_curses_roles[i].mono &
		    CANVAS_A_REVERSE);
	}
	c->cols = COLS;
	c->rows = LINES;
	canvas_reset_clip(c);
	return c;
}

/* Take the terminal's size after a resize. */
void
canvas_curses_resize(struct canvas *c)
{
	c->cols = COLS;
	c->rows = LINES;
	canvas_reset_clip(c);
}

/*
 * --bench-render: curses on a pseudo-terminal of its own. A thread reads
 * the master side as fast as curses writes, so output never blocks, and
 * counts the bytes of each frame: after a frame, canvas_curses_pty_mark
 * writes one 0xff byte (never in UTF-8 or a control sequence) into the
 * stream as the frame's end. Only tcpviz --bench-render uses this.
 */
struct canvas_pty {
	struct canvas_curses	 cc;	/* first: the cell function's priv */
	SCREEN			*scr;
	FILE			*out;
	FILE			*in;
	int			 master;
	pthread_t		 reader;
	bool			 reading;
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	uint64_t		*bytes;	/* per marked frame */
	size_t			 max;
	size_t			 nmarks;	/* read by the thread */
	size_t			 nsent;		/* written by canvas_pty_mark */
	uint64_t		 run;		/* bytes since the last mark */
};

static void *
canvas_pty_read(void *arg)
{
	struct canvas_pty	*p = arg;
	unsigned char		 buf[65536], *q, *end, *m;
	ssize_t			 r;

	for (;;) {
		r = read(p->master, buf, sizeof buf);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		end = buf + r;
		pthread_mutex_lock(&p->lock);
		for (q = buf; q < end; q = m + 1) {
			if ((m = memchr(q, 0xff, (size_t)(end - q))) == NULL) {
				p->run += (uint64_t)(end - q);
				break;
			}
			p->run += (uint64_t)(m - q);
			if (p->nmarks < p->max)
				p->bytes[p->nmarks] = p->run;
			p->nmarks++;
			p->run = 0;
		}
		pthread_cond_broadcast(&p->cond);
		pthread_mutex_unlock(&p->lock);
	}
	return NULL;
}

static void
canvas_pty_free(struct canvas *c)
{
	struct canvas_pty	*p = c->priv;

	if (p->scr != NULL) {
		curs_set(1);
		endwin();
		delscreen(p->scr);
	}
	if (p->out != NULL)
		fclose(p->out);
	if (p->in != NULL)
		fclose(p->in);
	/* The slave is closed: the reader sees the end (EIO) and stops. */
	if (p->reading)
		pthread_join(p->reader, NULL);
	if (p->master >= 0)
		close(p->master);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p->bytes);
	free(p);
	free(c);
}

static const struct canvas_class canvas_pty_class = {
	.name = "curses-pty",
	.clear = canvas_curses_clear,
	.cell = canvas_curses_cell,
	.free = canvas_pty_free,
};

/*
 * A curses canvas of cols x rows on a new pseudo-terminal (TERM term),
 * counting the bytes of up to frames frames. NULL and *err on failure.
 */
struct canvas *
canvas_curses_pty_new(int cols, int rows, const char *term, bool ascii,
    bool color, size_t frames, char **err)
{
	struct canvas		*c, *t;
	struct canvas_pty	*p;
	struct winsize		 ws;
	const char		*name;
	int			 fd;

	c = xcalloc(1, sizeof *c);
	p = xcalloc(1, sizeof *p);
	c->cls = &canvas_pty_class;
	c->priv = p;
	p->master = -1;
	p->max = frames;
	p->bytes = xcalloc(frames > 0 ? frames : 1, sizeof *p->bytes);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	*err = NULL;
	if ((p->master = posix_openpt(O_RDWR | O_NOCTTY)) < 0 ||
	    grantpt(p->master) != 0 || unlockpt(p->master) != 0 ||
	    (name = ptsname(p->master)) == NULL) {
		xasprintf(err, "cannot open a pseudo-terminal: %s",
		    strerror(errno));
		goto fail;
	}
	memset(&ws, 0, sizeof ws);
	ws.ws_col = (unsigned short)cols;
	ws.ws_row = (unsigned short)rows;
	if ((fd = open(name, O_RDWR | O_NOCTTY)) < 0 ||
	    ioctl(fd, TIOCSWINSZ, &ws) != 0 ||
	    (p->out = fdopen(fd, "w")) == NULL ||
	    (p->in = fdopen(dup(fd), "r")) == NULL) {
		xasprintf(err, "cannot open %s: %s", name, strerror(errno));
		goto fail;
	}
	if (pthread_create(&p->reader, NULL, canvas_pty_read, p) != 0) {
		xasprintf(err, "cannot start a thread");
		goto fail;
	}
	p->reading = true;
	/* The window size, not the environment's LINES and COLUMNS. */
	unsetenv("LINES");
	unsetenv("COLUMNS");
	if ((p->scr = newterm(term, p->out, p->in)) == NULL) {
		xasprintf(err, "curses cannot drive TERM=%s", term);
		goto fail;
	}
	set_term(p->scr);
	if (COLS != cols || LINES != rows)
		resize_term(rows, cols);
	/* What ui.c sets that changes the output. */
	noecho();
	nonl();
	curs_set(0);
	/* Roles, colour pairs: the real curses canvas's, copied. */
	t = canvas_curses_new(ascii, color);
	p->cc = *(struct canvas_curses *)t->priv;
	canvas_free(t);
	c->ascii = ascii;
	c->cols = COLS;
	c->rows = LINES;
	canvas_reset_clip(c);
	return c;
fail:
	canvas_free(c);
	return NULL;
}

/* Send the frame drawn on c to the terminal, as ui.c does. */
void
canvas_curses_pty_flush(struct canvas *c)
{
	(void)c;
	wnoutrefresh(stdscr);
	doupdate();
}

/* The frame sent is complete: mark its end in the terminal's stream. */
void
canvas_curses_pty_mark(struct canvas *c)
{
	struct canvas_pty	*p = c->priv;
	unsigned char		 m = 0xff;

	fflush(p->out);
	while (write(fileno(p->out), &m, 1) < 0 && errno == EINTR)
		;
	p->nsent++;
}

/*
 * Wait (at most 5 s) until the reader has seen every mark; returns how
 * many frames have byte counts, in *bytes (owned by c).
 */
size_t
canvas_curses_pty_bytes(struct canvas *c, const uint64_t **bytes)
{
	struct canvas_pty	*p = c->priv;
	struct timespec		 until;
	size_t			 n;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	pthread_mutex_lock(&p->lock);
	while (p->nmarks < p->nsent &&
	    pthread_cond_timedwait(&p->cond, &p->lock, &until) == 0)
		;
	n = p->nmarks < p->max ? p->nmarks : p->max;
	pthread_mutex_unlock(&p->lock);
	*bytes = p->bytes;
	return n;
}
