/*
 * view-graph.c: the RFC 9293 state graph (section 3.3.2, Figure 5) with
 * the client's and the server's current states lit and the edge just taken
 * glowing. Layer 3: reads fsm.h and the timeline; draws on a canvas.
 *
 * The layout is data: view_graph_boxes places the eleven states (CLOSED
 * twice, as the RFC figure does) on a 48 x 18 unit grid, and
 * view_graph_routes gives each edge a route between box sides through
 * waypoints on that grid. The grid is scaled to the region, so the same
 * table draws the compact (short names, one-row boxes) and the full graph.
 * E22 (RST or ABORT from any synchronized state) would be eight more
 * lines into CLOSED; it is a legend row instead, lit when taken.
 *
 * Invariant: every cell written lies inside the region (the canvas clip),
 * and an occupancy map keeps edge labels from overwriting lines or boxes.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "fsm.h"
#include "i18n.h"
#include "view.h"
#include "xmalloc.h"

#define VG_UX		48	/* grid width in units */
#define VG_UY		18	/* grid height in units */
#define VG_K		(-1)	/* waypoint: keep this coordinate */
#define VG_BOXES	12
#define VG_CLOSED2	11	/* the second CLOSED box, bottom right */
#define VG_PTS_MAX	3

enum vg_side { VG_T, VG_B, VG_L, VG_R };

/* Where each state's box sits, in grid units (box centre). */
static const struct {
	int8_t	state;
	int8_t	ux;
	int8_t	uy;
} view_graph_boxes[VG_BOXES] = {
	{ FSM_CLOSED,		24, 0 },
	{ FSM_LISTEN,		24, 3 },
	{ FSM_SYN_RCVD,		6, 6 },
	{ FSM_SYN_SENT,		42, 6 },
	{ FSM_ESTABLISHED,	24, 9 },
	{ FSM_FIN_WAIT_1,	6, 12 },
	{ FSM_CLOSE_WAIT,	42, 12 },
	{ FSM_FIN_WAIT_2,	6, 15 },
	{ FSM_CLOSING,		24, 15 },
	{ FSM_LAST_ACK,		42, 15 },
	{ FSM_TIME_WAIT,	24, 18 },
	{ FSM_CLOSED,		42, 18 },	/* VG_CLOSED2 */
};

/*
 * Edge routes: leave box "from" at side fside (offset foff cells along
 * it), pass the waypoints (VG_K keeps the previous coordinate), and enter
 * box "to" at side tside, offset toff. The last leg into a top or bottom
 * side runs horizontally first, into a left or right side vertically.
 */
static const struct view_graph_route {
	int8_t	edge;
	int8_t	from;		/* index into view_graph_boxes */
	int8_t	fside;
	int8_t	foff;
	int8_t	to;
	int8_t	tside;
	int8_t	toff;
	int8_t	npts;
	int8_t	pts[VG_PTS_MAX][2];
} view_graph_routes[] = {
	{ FSM_E01, 0, VG_B, -1, 1, VG_T, -1, 0, { { 0 } } },
	{ FSM_E05, 1, VG_T, 1, 0, VG_B, 1, 0, { { 0 } } },
	{ FSM_E02, 0, VG_B, 3, 3, VG_T, -1, 1, { { VG_K, 1 } } },
	{ FSM_E08, 3, VG_T, 1, 0, VG_R, 0, 0, { { 0 } } },
	{ FSM_E03, 1, VG_L, 0, 2, VG_T, 1, 0, { { 0 } } },
	{ FSM_E11, 2, VG_T, -1, 1, VG_T, -2, 1, { { VG_K, 2 } } },
	{ FSM_E23, 2, VG_T, -3, 0, VG_L, 0, 0, { { 0 } } },
	{ FSM_E04, 1, VG_R, 0, 3, VG_T, -3, 0, { { 0 } } },
	{ FSM_E06, 3, VG_L, 0, 2, VG_R, 0, 0, { { 0 } } },
	{ FSM_E07, 3, VG_B, -2, 4, VG_T, 1, 0, { { 0 } } },
	{ FSM_E09, 2, VG_B, 2, 4, VG_T, -1, 0, { { 0 } } },
	{ FSM_E10, 2, VG_B, -2, 5, VG_T, -2, 0, { { 0 } } },
	{ FSM_E12, 4, VG_L, 0, 5, VG_T, 2, 0, { { 0 } } },
	{ FSM_E13, 4, VG_R, 0, 6, VG_T, 0, 0, { { 0 } } },
	{ FSM_E14, 5, VG_B, 0, 7, VG_T, 0, 0, { { 0 } } },
	{ FSM_E15, 5, VG_R, 0, 8, VG_T, -1, 0, { { 0 } } },
	{ FSM_E16, 5, VG_B, 2, 10, VG_T, -2, 2,
	    { { 15, VG_K }, { VG_K, 17 } } },
	{ FSM_E17, 7, VG_B, 0, 10, VG_L, 0, 0, { { 0 } } },
	{ FSM_E18, 8, VG_B, 0, 10, VG_T, 0, 0, { { 0 } } },
	{ FSM_E19, 6, VG_B, 0, 9, VG_T, 0, 0, { { 0 } } },
	{ FSM_E20, 9, VG_B, 0, 11, VG_T, 0, 0, { { 0 } } },
	{ FSM_E21, 10, VG_R, 0, 11, VG_L, 0, 0, { { 0 } } },
};

/* Texts of the graph (kept together for translation). */
enum view_graph_text {
	VG_T_TITLE,
	VG_T_E22_FULL,
	VG_T_E22_SHORT,
	VG_T_COUNT
};

static const char *const view_graph_texts[VG_T_COUNT] = {
	[VG_T_TITLE] = N_("RFC 9293 Figure 5: TCP connection state diagram"),
	[VG_T_E22_FULL] = N_("E22: rcv RST, ABORT or give-up in any "
	    "synchronized state -> CLOSED"),
	[VG_T_E22_SHORT] = N_("E22 RST/ABORT -> CLOSED"),
};

#define VG_POLY_MAX	(VG_PTS_MAX * 2 + 6)

/* What occupies a cell: labels go only on free cells, marks not on heads. */
enum vg_occ {
	VG_O_FREE,
	VG_O_LINE,
	VG_O_HEAD,		/* an arrow head */
	VG_O_LIT_LINE,		/* an edge just taken */
	VG_O_LIT_HEAD,
	VG_O_BOX,
	VG_O_TEXT		/* a label, a mark, the title or legend */
};

struct vg_point {
	int	x;
	int	y;
};

/* The scaled geometry and drawing state of one frame. */
struct vg {
	struct canvas		*c;
	struct canvas_rect	 r;		/* the region */
	struct canvas_rect	 box[VG_BOXES];
	bool			 full;		/* full names, 3-row boxes */
	bool			 tall;
	int			 gx, gy, gw, gh; /* the unit grid in cells */
	uint8_t			*occ;		/* cells in use */
};

/* Mark a cell used by a kind of thing (labels avoid it). */
static void
vg_occupy(struct vg *g, int x, int y, enum vg_occ kind)
{
	uint8_t	*o;

	if (x < g->r.x || y < g->r.y || x >= g->r.x + g->r.w ||
	    y >= g->r.y + g->r.h)
		return;
	o = &g->occ[(size_t)(y - g->r.y) * (size_t)g->r.w +
	    (size_t)(x - g->r.x)];
	if (*o < kind)
		*o = (uint8_t)kind;
}

/* What occupies a cell (outside the region counts as a box). */
static enum vg_occ
vg_at(const struct vg *g, int x, int y)
{
	if (x < g->r.x || y < g->r.y || x >= g->r.x + g->r.w ||
	    y >= g->r.y + g->r.h)
		return VG_O_BOX;
	return (enum vg_occ)g->occ[(size_t)(y - g->r.y) * (size_t)g->r.w +
	    (size_t)(x - g->r.x)];
}

/* Is every cell of a run free (and inside the region)? */
static bool
vg_free(const struct vg *g, int x, int y, int w)
{
	int	i;

	if (y < g->r.y || y >= g->r.y + g->r.h || x < g->r.x ||
	    x + w > g->r.x + g->r.w)
		return false;
	for (i = 0; i < w; i++) {
		if (g->occ[(size_t)(y - g->r.y) * (size_t)g->r.w +
		    (size_t)(x - g->r.x + i)])
			return false;
	}
	return true;
}

/* Grid units to cells. */
static int
vg_x(const struct vg *g, int ux)
{
	return g->gx + ux * g->gw / VG_UX;
}

static int
vg_y(const struct vg *g, int uy)
{
	return g->gy + uy * g->gh / VG_UY;
}

/* Scale the grid and place the boxes for a region. */
static void
vg_geometry(struct vg *g, const struct canvas_rect *r, enum layout_mode mode)
{
	int	bw, bh, top, legend = 1, i, cx, cy;

	g->r = *r;
	g->full = mode != LAYOUT_COMPACT && r->w >= 56;
	g->tall = g->full && r->h >= 36;
	bw = g->full ? 13 : 7;
	bh = g->tall ? 3 : 1;
	top = mode != LAYOUT_COMPACT && r->h >= 24 ? 1 : 0;
	/* Leave a column each side of the outer boxes for the C/S marks. */
	g->gx = r->x + bw / 2 + 1;
	g->gw = r->w - 2 * (bw / 2 + 1) - 1;
	g->gy = r->y + top + bh / 2;
	g->gh = r->h - top - legend - bh;
	if (g->gw < 1)
		g->gw = 1;
	if (g->gh < 1)
		g->gh = 1;
	for (i = 0; i < VG_BOXES; i++) {
		cx = vg_x(g, view_graph_boxes[i].ux);
		cy = vg_y(g, view_graph_boxes[i].uy);
		g->box[i].x = cx - bw / 2;
		g->box[i].y = cy - bh / 2;
		g->box[i].w = bw;
		g->box[i].h = bh;
	}
}

/* The cell just outside a box side, offset along it. */
static struct vg_point
vg_anchor(const struct canvas_rect *b, int side, int off)
{
	struct vg_point	p;
	int		cx = b->x + b->w / 2, cy = b->y + b->h / 2;

	if (side == VG_T || side == VG_B) {
		p.x = cx + off;
		if (p.x < b->x)
			p.x = b->x;
		if (p.x > b->x + b->w - 1)
			p.x = b->x + b->w - 1;
		p.y = side == VG_T ? b->y - 1 : b->y + b->h;
	} else {
		p.y = cy + (b->h >= 3 ? off : 0);
		if (p.y < b->y)
			p.y = b->y;
		if (p.y > b->y + b->h - 1)
			p.y = b->y + b->h - 1;
		p.x = side == VG_L ? b->x - 1 : b->x + b->w;
	}
	return p;
}

/* Append a point, turning a diagonal step into horizontal then vertical. */
static void
vg_poly_add(struct vg_point *poly, int *n, struct vg_point p)
{
	struct vg_point	*last = &poly[*n - 1];

	if (*n >= VG_POLY_MAX - 1)
		return;
	if (p.x == last->x && p.y == last->y)
		return;
	if (p.x != last->x && p.y != last->y) {
		poly[*n].x = p.x;
		poly[*n].y = last->y;
		(*n)++;
	}
	poly[(*n)++] = p;
}

/* The cells of a route as a polyline; returns the number of points. */
static int
vg_route_poly(const struct vg *g, const struct view_graph_route *rt,
    struct vg_point *poly)
{
	struct vg_point	p, a;
	int		n = 1, i;

	poly[0] = vg_anchor(&g->box[rt->from], rt->fside, rt->foff);
	for (i = 0; i < rt->npts && i < VG_PTS_MAX; i++) {
		p = poly[n - 1];
		if (rt->pts[i][0] != VG_K)
			p.x = vg_x(g, rt->pts[i][0]);
		if (rt->pts[i][1] != VG_K)
			p.y = vg_y(g, rt->pts[i][1]);
		vg_poly_add(poly, &n, p);
	}
	a = vg_anchor(&g->box[rt->to], rt->tside, rt->toff);
	p = poly[n - 1];
	if (rt->tside == VG_T || rt->tside == VG_B)
		p.x = a.x;
	else
		p.y = a.y;
	vg_poly_add(poly, &n, p);
	vg_poly_add(poly, &n, a);
	return n;
}

/* The sign of an integer. */
static int
vg_sign(int v)
{
	return (v > 0) - (v < 0);
}

/* A corner glyph joining an incoming and an outgoing direction. */
static enum canvas_glyph
vg_corner(int inx, int iny, int outx, int outy, bool heavy)
{
	bool	left = inx > 0 || outx < 0, up = iny > 0 || outy < 0;

	if (left && up)
		return heavy ? CANVAS_G_HLRCORNER : CANVAS_G_LRCORNER;
	if (left)
		return heavy ? CANVAS_G_HURCORNER : CANVAS_G_URCORNER;
	if (up)
		return heavy ? CANVAS_G_HLLCORNER : CANVAS_G_LLCORNER;
	return heavy ? CANVAS_G_HULCORNER : CANVAS_G_ULCORNER;
}

/* The way out of a box side (a start) or into it (an arrow head). */
static void
vg_side_dir(int side, int *dx, int *dy)
{
	*dx = side == VG_L ? -1 : side == VG_R ? 1 : 0;
	*dy = side == VG_T ? -1 : side == VG_B ? 1 : 0;
}

/* The arrow head that enters a box through a side. */
static enum canvas_glyph
vg_head(int tside)
{
	switch (tside) {
	case VG_T:
		return CANVAS_G_ARROW_DOWN;
	case VG_B:
		return CANVAS_G_ARROW_UP;
	case VG_L:
		return CANVAS_G_ARROW_RIGHT;
	default:
		return CANVAS_G_ARROW_LEFT;
	}
}

/*
 * Draw one edge's route. The first cell turns a corner when the route
 * leaves its box sideways (so the line visibly starts at the box), and
 * the head always points into the box it enters.
 */
static void
vg_draw_route(struct vg *g, const struct view_graph_route *rt, bool glow,
    unsigned attr)
{
	struct vg_point		 poly[VG_POLY_MAX];
	enum canvas_glyph	 gl;
	int			 n, i, dx, dy, x, y, ndx, ndy, sdx, sdy;

	n = vg_route_poly(g, rt, poly);
	vg_side_dir(rt->fside, &sdx, &sdy);
	for (i = 0; i + 1 < n; i++) {
		dx = vg_sign(poly[i + 1].x - poly[i].x);
		dy = vg_sign(poly[i + 1].y - poly[i].y);
		x = poly[i].x;
		y = poly[i].y;
		for (;;) {
			if (dy == 0)
				gl = glow ? CANVAS_G_HHEAVY : CANVAS_G_HLINE;
			else
				gl = glow ? CANVAS_G_VHEAVY : CANVAS_G_VLINE;
			if (x == poly[i + 1].x && y == poly[i + 1].y) {
				if (i + 2 >= n)
					gl = vg_head(rt->tside);
				else {
					ndx = vg_sign(poly[i + 2].x - x);
					ndy = vg_sign(poly[i + 2].y - y);
					gl = vg_corner(dx, dy, ndx, ndy, glow);
				}
			} else if (x == poly[i].x && y == poly[i].y && i > 0)
				gl = CANVAS_G_COUNT;	/* the corner is drawn */
			else if (i == 0 && x == poly[0].x && y == poly[0].y &&
			    (dx != sdx || dy != sdy))
				gl = vg_corner(sdx, sdy, dx, dy, glow);
			if (gl != CANVAS_G_COUNT) {
				canvas_put_glyph(g->c, x, y, gl, attr);
				if (i + 2 < n || x != poly[i + 1].x ||
				    y != poly[i + 1].y)
					vg_occupy(g, x, y, glow ?
					    VG_O_LIT_LINE : VG_O_LINE);
				else
					vg_occupy(g, x, y, glow ?
					    VG_O_LIT_HEAD : VG_O_HEAD);
			}
			if (x == poly[i + 1].x && y == poly[i + 1].y)
				break;
			x += dx;
			y += dy;
		}
	}
	if (n == 1) {
		canvas_put_glyph(g->c, poly[0].x, poly[0].y,
		    vg_head(rt->tside), attr);
		vg_occupy(g, poly[0].x, poly[0].y,
		    glow ? VG_O_LIT_HEAD : VG_O_HEAD);
	}
}

/*
 * Is a label of width w at x, y free, with a blank cell each side (so it
 * never touches a line, a box or another label)?
 */
static bool
vg_label_fits(const struct vg *g, int x, int y, int w)
{
	return vg_free(g, x - 1, y, w + 2);
}

/*
 * Put a label beside a route where it fits; false if it fits nowhere.
 * The first pass tries the middle of each leg (above or below a
 * horizontal one, right or left of a vertical one); the second slides
 * the label along the legs, nearest the middle first, so that in a
 * crowded graph it still lands next to its own line.
 */
static bool
vg_label(struct vg *g, const struct view_graph_route *rt, const char *text,
    unsigned attr)
{
	struct vg_point	poly[VG_POLY_MAX];
	int		n, i, w = canvas_str_width(text), x = 0, y = 0, len;
	int		pass, k, step, side, lo, mid;

	n = vg_route_poly(g, rt, poly);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i + 1 < n; i++) {
			if (poly[i].y == poly[i + 1].y) {
				lo = poly[i].x < poly[i + 1].x ? poly[i].x :
				    poly[i + 1].x;
				len = abs(poly[i + 1].x - poly[i].x) + 1;
				mid = lo + (len - w) / 2;
				/* Slide while it still overlaps the leg. */
				step = pass == 0 ? 0 : (len + w) / 2;
			} else {
				lo = poly[i].y < poly[i + 1].y ? poly[i].y :
				    poly[i + 1].y;
				len = abs(poly[i + 1].y - poly[i].y) + 1;
				mid = lo + len / 2;
				step = pass == 0 ? 0 : len / 2;
			}
			for (k = 0; k <= 2 * step; k++) {
				/* 0, -1, +1, -2, +2 ... from the middle */
				int d = (k + 1) / 2 * (k % 2 ? -1 : 1);

				for (side = 0; side < 2; side++) {
					if (poly[i].y == poly[i + 1].y) {
						x = mid + d;
						y = poly[i].y + (side == 0 ?
						    -1 : 1);
					} else {
						y = mid + d;
						x = side == 0 ? poly[i].x + 2 :
						    poly[i].x - 1 - w;
					}
					if (vg_label_fits(g, x, y, w))
						goto found;
				}
			}
		}
	}
	return false;
found:
	canvas_put_str(g->c, x, y, text, w, attr);
	for (i = 0; i < w; i++)
		vg_occupy(g, x + i, y, VG_O_TEXT);
	return true;
}

/* "rcv SYN,ACK / snd ACK", with the edge id in front if asked. */
static char *
vg_edge_text(char *buf, size_t len, enum fsm_edge e, bool with_id)
{
	const struct fsm_edge_info	*ei = fsm_edge_info(e);

	if (ei == NULL) {
		snprintf(buf, len, "?");
		return buf;
	}
	snprintf(buf, len, "%s%s%s / %s", with_id ? ei->id : "",
	    with_id ? " " : "", ei->event, ei->action);
	return buf;
}

/* The box a state is drawn in: CLOSED at the end of a close is CLOSED2. */
static int
vg_box_of(int state, int edge)
{
	int	i;

	if (state == FSM_CLOSED && (edge == FSM_E20 || edge == FSM_E21 ||
	    edge == FSM_E22))
		return VG_CLOSED2;
	for (i = 0; i < VG_BOXES; i++) {
		if (view_graph_boxes[i].state == state)
			return i;
	}
	return -1;
}

/* The geometry-only query: where is a state's box for this region? */
bool
view_graph_box(const struct canvas_rect *r, enum layout_mode mode,
    enum fsm_state s, struct canvas_rect *out)
{
	struct vg	g;
	int		b;

	memset(&g, 0, sizeof g);
	vg_geometry(&g, r, mode);
	b = vg_box_of((int)s, -1);
	if (b < 0)
		return false;
	*out = g.box[b];
	return true;
}

/* Draw one box, lit in a role's colour when a state is there. */
static void
vg_draw_box(struct vg *g, int i, unsigned attr)
{
	const struct canvas_rect	*b = &g->box[i];
	enum fsm_state			 s = view_graph_boxes[i].state;
	const char			*name;
	int				 x, y, w;

	name = g->full ? fsm_state_name(s) : fsm_state_short(s);
	w = canvas_str_width(name);
	if (b->h >= 3) {
		canvas_fill(g->c, b, attr);
		canvas_box(g->c, b, attr);
		y = b->y + 1;
	} else {
		canvas_fill(g->c, b, attr);
		canvas_put_str(g->c, b->x, b->y, "[", 1, attr);
		canvas_put_str(g->c, b->x + b->w - 1, b->y, "]", 1, attr);
		y = b->y;
	}
	x = b->x + (b->w - w) / 2;
	canvas_put_str(g->c, x, y, name, b->w - 2, attr | CANVAS_A_BOLD);
	for (y = b->y; y < b->y + b->h; y++)
		for (x = b->x; x < b->x + b->w; x++)
			vg_occupy(g, x, y, VG_O_BOX);
}

/* The route of an edge, or NULL (E22 has none). */
static const struct view_graph_route *
vg_route_of(int edge)
{
	size_t	i;

	for (i = 0; i < COMPAT_NITEMS(view_graph_routes); i++) {
		if (view_graph_routes[i].edge == edge)
			return &view_graph_routes[i];
	}
	return NULL;
}

/*
 * The routes are layout, not a second RFC: each must join boxes whose
 * states are the edge's from and to in fsm.c, and every edge but E22 (a
 * legend row) must have one. Returns the first edge that breaks this, or
 * FSM_EDGE_NONE.
 */
enum fsm_edge
view_graph_check_routes(void)
{
	const struct view_graph_route	*rt;
	const struct fsm_edge_info	*ei;
	int				 e;

	for (e = 0; e < FSM_EDGE_COUNT; e++) {
		ei = fsm_edge_info((enum fsm_edge)e);
		rt = vg_route_of(e);
		if (e == FSM_E22)
			continue;
		if (rt == NULL || ei == NULL ||
		    (ei->from & FSM_BIT(view_graph_boxes[rt->from].state)) == 0 ||
		    view_graph_boxes[rt->to].state != (int)ei->to)
			return (enum fsm_edge)e;
	}
	return FSM_EDGE_NONE;
}

/* Append an item to the foot row if it fits whole in w columns. */
static void
vg_foot_add(char *foot, size_t len, size_t *off, const char *item, int w)
{
	const char	*sep = *off > 0 ? "   " : "";

	if (*off >= len || canvas_str_width(foot) + canvas_str_width(sep) +
	    canvas_str_width(item) > w)
		return;
	*off += (size_t)snprintf(foot + *off, len - *off, "%s%s", sep, item);
}

/*
 * Write a role's letter beside a lit box: the client's on the left, the
 * server's on the right, else (when the box is not shared) the other
 * side, else a corner above or below. The first place that
 * hides no label and no part of an edge just taken wins; a quiet edge's
 * head may go, the letter ends that edge instead.
 */
static void
vg_mark(struct vg *g, const struct canvas_rect *b, int role, bool shared)
{
	struct vg_point	try[6];
	enum vg_occ	o;
	int		i, n, own, other;

	own = role == CONN_CLIENT ? b->x - 1 : b->x + b->w;
	other = role == CONN_CLIENT ? b->x + b->w : b->x - 1;
	try[0].x = try[2].x = try[3].x = own;
	try[1].x = try[4].x = try[5].x = other;
	try[0].y = try[1].y = b->y + b->h / 2;
	try[2].y = try[4].y = b->y - 1;
	try[3].y = try[5].y = b->y + b->h;
	n = 6;
	for (i = 0; i < n; i++) {
		if (shared && try[i].x == other)
			continue;
		o = vg_at(g, try[i].x, try[i].y);
		if (o == VG_O_FREE || o == VG_O_LINE || o == VG_O_HEAD)
			break;
	}
	if (i == n)
		i = 0;
	canvas_put_str(g->c, try[i].x, try[i].y,
	    role == CONN_CLIENT ? "C" : "S", 1,
	    (role == CONN_CLIENT ? CANVAS_R_CLIENT : CANVAS_R_SERVER) |
	    CANVAS_A_BOLD);
	vg_occupy(g, try[i].x, try[i].y, VG_O_TEXT);
}

/* Write a countdown at x, y and keep labels off it. */
static void
vg_countdown_put(struct vg *g, int x, int y, const char *text)
{
	int	w = canvas_str_width(text), i;

	canvas_put_str(g->c, x, y, text, w, CANVAS_R_ANOMALY | CANVAS_A_BOLD);
	for (i = -1; i <= w; i++)
		vg_occupy(g, x + i, y, VG_O_TEXT);
}

/*
 * TIME_WAIT's countdown near its box, where a role waits there: the
 * nearest free run of cells, below, then above, then beside it.
 */
static void
vg_countdown(struct vg *g, const struct canvas_rect *b,
    const struct view_ctx *ctx, int role)
{
	static const int dys[] = { 1, -1, -2, 0, -3, 2, -4 };
	char		 text[48], left[24];
	int64_t		 rest;
	bool		 again;
	int		 w, i, j, d, k, x, xt, y;

	if (!view_timeline_tw_left(ctx->tl, ctx->pos, role, ctx->msl_ns, &rest,
	    &again))
		return;
	view_time_short(left, sizeof left, rest);
	/* The whole text, else less of it; a free cell each side. */
	for (k = again ? 0 : 1; k < 3; k++) {
		if (k == 2)
			snprintf(text, sizeof text, "%s", left);
		else
			snprintf(text, sizeof text, k == 0 ?
			    _("2MSL again %s") : _("2MSL %s"), left);
		w = canvas_str_width(text);
		x = b->x + (b->w - w) / 2 - 1;
		for (i = 0; i < (int)COMPAT_NITEMS(dys); i++) {
			/* dy 1: the row under the box; 0: its middle. */
			y = dys[i] > 0 ? b->y + b->h - 1 + dys[i] :
			    dys[i] < 0 ? b->y + dys[i] : b->y + b->h / 2;
			for (d = 0; d <= b->w; d++) {
				for (j = 0; j < 2; j++) {
					xt = j == 0 ? x - d : x + d;
					if (vg_free(g, xt, y, w + 2)) {
						vg_countdown_put(g, xt + 1, y,
						    text);
						return;
					}
				}
			}
		}
	}
}

/* Draw the graph for the cursor row of the timeline. */
void
view_graph_draw(struct canvas *c, const struct canvas_rect *r,
    const struct view_ctx *ctx, enum layout_mode mode)
{
	const struct view_graph_route	*rt;
	const struct conn_step		*last[2];
	struct vg			 g;
	char				 text[128], foot[256];
	int				 state[2], box[2], edge[2], i, role;
	unsigned			 attr;
	bool				 lit_e22 = false;
	size_t				 off = 0;
	size_t				 k;

	if (r->w < 20 || r->h < 8)
		return;
	memset(&g, 0, sizeof g);
	foot[0] = '\0';
	g.c = c;
	vg_geometry(&g, r, mode);
	g.occ = xcalloc((size_t)r->w * (size_t)r->h, 1);
	canvas_set_clip(c, r);

	for (role = 0; role < 2; role++) {
		state[role] = -1;
		edge[role] = -1;
		box[role] = -1;
		last[role] = NULL;
		if (ctx->tl == NULL || ctx->tl->count == 0)
			continue;
		state[role] = view_timeline_state(ctx->tl, ctx->pos,
		    (enum conn_role)role);
		last[role] = view_timeline_last_tr(ctx->tl, ctx->pos,
		    (enum conn_role)role);
		if (last[role] != NULL)
			edge[role] = last[role]->u.tr.edge;
		else if (ctx->pos > 0) {
			/* Still in the state the last change left it in. */
			for (k = ctx->pos; k-- > 0;) {
				const struct conn_step *t = view_timeline_last_tr(
				    ctx->tl, k, (enum conn_role)role);
				if (t != NULL) {
					if (state[role] == FSM_CLOSED)
						edge[role] = t->u.tr.edge;
					break;
				}
			}
		}
		box[role] = vg_box_of(state[role], edge[role]);
	}

	/* The title and legend rows are no place for edge labels. */
	for (i = 0; i < r->w; i++) {
		vg_occupy(&g, r->x + i, r->y + r->h - 1, VG_O_TEXT);
		if (g.full && r->h >= 24)
			vg_occupy(&g, r->x + i, r->y, VG_O_TEXT);
	}
	if (g.full && r->h >= 24)
		canvas_put_str_cut(c, r->x + 1, r->y,
		    _(view_graph_texts[VG_T_TITLE]), r->w - 2, CANVAS_R_TITLE);

	/* Quiet edges first, then the boxes over their ends. */
	for (k = 0; k < COMPAT_NITEMS(view_graph_routes); k++)
		vg_draw_route(&g, &view_graph_routes[k], false, CANVAS_R_DIM);
	for (i = 0; i < VG_BOXES; i++) {
		attr = CANVAS_R_NORMAL;
		if (box[0] == i && box[1] == i && state[0] >= 0)
			attr = CANVAS_R_BOTH;
		else if (state[0] >= 0 && box[0] == i)
			attr = CANVAS_R_CLIENT;
		else if (state[1] >= 0 && box[1] == i)
			attr = CANVAS_R_SERVER;
		vg_draw_box(&g, i, attr);
	}

	/* The edges just taken glow, with their labels. */
	for (role = 0; role < 2; role++) {
		if (last[role] == NULL)
			continue;
		if (last[role]->u.tr.edge == FSM_E22) {
			lit_e22 = true;
			continue;
		}
		rt = vg_route_of(last[role]->u.tr.edge);
		if (rt == NULL)
			continue;
		vg_draw_route(&g, rt, true, CANVAS_R_EDGE | CANVAS_A_BOLD);
	}
	/*
	 * C and S beside the lit boxes: readable without colour.
	 * They go before the labels, which then keep clear of them.
	 */
	for (role = 0; role < 2; role++) {
		if (state[role] < 0 || box[role] < 0)
			continue;
		vg_mark(&g, &g.box[box[role]], role, box[0] == box[1]);
	}
	for (role = 0; role < 2; role++) {
		if (state[role] == FSM_TIME_WAIT && box[role] >= 0 &&
		    (role == 0 || state[0] != FSM_TIME_WAIT))
			vg_countdown(&g, &g.box[box[role]], ctx, role);
	}

	for (role = 0; role < 2; role++) {
		if (last[role] == NULL ||
		    (rt = vg_route_of(last[role]->u.tr.edge)) == NULL)
			continue;
		/* With its id, else the RFC's words alone, else the id. */
		if (role == 1 && last[0] != NULL &&
		    last[0]->u.tr.edge == last[1]->u.tr.edge)
			continue;	/* one label for both */
		vg_edge_text(text, sizeof text,
		    (enum fsm_edge)last[role]->u.tr.edge, true);
		if (vg_label(&g, rt, text, CANVAS_R_EDGE | CANVAS_A_BOLD))
			continue;
		vg_edge_text(text, sizeof text,
		    (enum fsm_edge)last[role]->u.tr.edge, false);
		if (vg_label(&g, rt, text, CANVAS_R_EDGE | CANVAS_A_BOLD))
			continue;
		vg_label(&g, rt, fsm_edge_id(
		    (enum fsm_edge)last[role]->u.tr.edge),
		    CANVAS_R_EDGE | CANVAS_A_BOLD);
		/* The whole label goes to the foot row instead. */
		vg_edge_text(text, sizeof text,
		    (enum fsm_edge)last[role]->u.tr.edge, true);
		vg_foot_add(foot, sizeof foot, &off, text, r->w - 2);
	}
	/* Other labels only where there is room for them. */
	if (g.full) {
		for (k = 0; k < COMPAT_NITEMS(view_graph_routes); k++) {
			rt = &view_graph_routes[k];
			if ((last[0] != NULL && last[0]->u.tr.edge == rt->edge) ||
			    (last[1] != NULL && last[1]->u.tr.edge == rt->edge))
				continue;
			vg_edge_text(text, sizeof text,
			    (enum fsm_edge)rt->edge, g.tall);
			vg_label(&g, rt, text, CANVAS_R_DIM);
		}
	}

	/*
	 * The foot row: lit labels with no room beside their edge, then E22
	 * (no line of its own: RST/ABORT from any state), shortened rather
	 * than cut. Only what this step took, and lit: on a quiet step the
	 * row is empty, so it never reads as this step's caption.
	 */
	k = g.full && canvas_str_width(_(view_graph_texts[VG_T_E22_FULL])) <=
	    r->w - 2 ? VG_T_E22_FULL : VG_T_E22_SHORT;
	if (lit_e22)
		vg_foot_add(foot, sizeof foot, &off, _(view_graph_texts[k]),
		    r->w - 2);
	canvas_put_str_cut(c, r->x + 1, r->y + r->h - 1, foot, r->w - 2,
	    CANVAS_R_EDGE | CANVAS_A_BOLD);
	canvas_reset_clip(c);
	free(g.occ);
}
