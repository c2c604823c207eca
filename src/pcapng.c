/*
 * pcapng.c: streaming pcapng reader. Layer 2a: includes layer 0 only.
 *
 * Invariants: one block is in memory at a time; every length field is
 * checked against the block that holds it; a file that ends inside a block
 * yields PCAPNG_CUT after the records before it, never a partial record.
 * Block and option layout: draft-ietf-opsawg-pcapng (sections 3 and 4).
 */
#include "config.h"

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "pcapng.h"
#include "xmalloc.h"

#define PCAPNG_BOM		0x1a2b3c4du
#define PCAPNG_IDB		0x00000001u
#define PCAPNG_OPB		0x00000002u	/* obsolete Packet Block */
#define PCAPNG_SPB		0x00000003u
#define PCAPNG_EPB		0x00000006u

#define PCAPNG_OPT_END		0
#define PCAPNG_OPT_TSRESOL	9
#define PCAPNG_OPT_TSOFFSET	14

struct pcapng_iface {
	int		linktype;
	uint32_t	snaplen;
	uint8_t		tsresol;	/* as stored: bit 7 = power of two */
	int64_t		tsoffset;	/* seconds */
};

struct pcapng_reader {
	FILE			*fp;
	bool			 be;		/* section is big-endian */
	uint8_t			*buf;
	size_t			 bufsize;
	struct pcapng_iface	*ifaces;
	size_t			 niface;
	size_t			 ifcap;
	int			 first_linktype;
	uint64_t		 off;		/* bytes consumed */
	uint64_t		 gen;		/* bumped by each SHB and IDB */
	char			 err[256];
};

/* Read exactly n bytes; returns how many arrived. */
static size_t
pcapng_read(struct pcapng_reader *r, void *p, size_t n)
{
	size_t	got = n == 0 ? 0 : fread(p, 1, n, r->fp);

	r->off += got;
	return got;
}

static uint32_t
pcapng_u32(struct bytes *b, bool be)
{
	return be ? bytes_be32(b) : bytes_le32(b);
}

static uint16_t
pcapng_u16(struct bytes *b, bool be)
{
	return be ? bytes_be16(b) : bytes_le16(b);
}

static uint32_t
pcapng_raw32(const uint8_t *p, bool be)
{
	struct bytes	b;

	bytes_init(&b, p, 4);
	return pcapng_u32(&b, be);
}

/* Make room for a block body of n bytes. */
static void
pcapng_reserve(struct pcapng_reader *r, size_t n)
{
	if (n <= r->bufsize)
		return;
	r->buf = xreallocarray(r->buf, n, 1);
	r->bufsize = n;
}

static void
pcapng_set_error(struct pcapng_reader *r, uint64_t at, const char *what)
{
	snprintf(r->err, sizeof r->err, "offset %llu: %s",
	    (unsigned long long)at, what);
}

/*
 * Walk an option list, calling back for each option. Returns false when an
 * option's length runs past the end of the list (a corrupt block).
 */
static bool
pcapng_options(struct bytes *b, bool be,
    void (*fn)(void *, uint16_t, struct bytes *), void *arg)
{
	uint16_t	code, len;
	size_t		pad;
	bool		cut;
	struct bytes	val;

	while (bytes_left(b) >= 4) {
		code = pcapng_u16(b, be);
		len = pcapng_u16(b, be);
		if (code == PCAPNG_OPT_END)
			return true;
		pad = ((size_t)len + 3) & ~(size_t)3;
		if (pad > bytes_left(b))
			return false;
		val = bytes_sub(b, len, &cut);
		bytes_skip(b, pad - len);
		if (fn != NULL)
			fn(arg, code, &val);
	}
	/* A trailing fragment shorter than an option header is tolerated. */
	return true;
}

struct pcapng_idb_ctx {
	struct pcapng_iface	*ifc;
	bool			 be;
};

/* Record the timestamp options of an interface. */
static void
pcapng_idb_option(void *arg, uint16_t code, struct bytes *val)
{
	struct pcapng_idb_ctx	*ctx = arg;
	uint32_t		 hi, lo;

	if (code == PCAPNG_OPT_TSRESOL && bytes_left(val) >= 1)
		ctx->ifc->tsresol = bytes_u8(val);
	else if (code == PCAPNG_OPT_TSOFFSET && bytes_left(val) >= 8) {
		/* A 64-bit integer in the section's byte order. */
		if (ctx->be) {
			hi = bytes_be32(val);
			lo = bytes_be32(val);
		} else {
			lo = bytes_le32(val);
			hi = bytes_le32(val);
		}
		ctx->ifc->tsoffset = (int64_t)(((uint64_t)hi << 32) | lo);
	}
}

/* Section header: byte order, version, options. */
static bool
pcapng_shb(struct pcapng_reader *r, struct bytes *b, uint64_t at)
{
	uint16_t	major, minor;

	major = pcapng_u16(b, r->be);
	minor = pcapng_u16(b, r->be);
	bytes_skip(b, 8);			/* section length, often -1 */
	if (!bytes_ok(b)) {
		pcapng_set_error(r, at, "section header block too short");
		return false;
	}
	/* libpcap accepts 1.0 and 1.2; 1.1, 0.x and 2.x are not pcapng. */
	if (major != 1 || (minor != 0 && minor != 2)) {
		char	msg[96];

		snprintf(msg, sizeof msg,
		    "unsupported pcapng version %u.%u", major, minor);
		pcapng_set_error(r, at, msg);
		return false;
	}
	if (!pcapng_options(b, r->be, NULL, NULL)) {
		pcapng_set_error(r, at,
		    "section header option runs past the end of its block");
		return false;
	}
	r->niface = 0;
	r->gen++;
	return true;
}

/* Interface description: link type, snaplen, timestamp resolution. */
static bool
pcapng_idb(struct pcapng_reader *r, struct bytes *b, uint64_t at)
{
	struct pcapng_iface	ifc;
	struct pcapng_idb_ctx	ctx;

	memset(&ifc, 0, sizeof ifc);
	ifc.linktype = pcapng_u16(b, r->be);
	bytes_skip(b, 2);
	ifc.snaplen = pcapng_u32(b, r->be);
	ifc.tsresol = 6;
	if (!bytes_ok(b)) {
		pcapng_set_error(r, at, "interface description block too short");
		return false;
	}
	if (r->niface >= PCAPNG_IFACE_MAX) {
		pcapng_set_error(r, at, "too many interfaces in one section");
		return false;
	}
	ctx.ifc = &ifc;
	ctx.be = r->be;
	(void)pcapng_options(b, r->be, pcapng_idb_option, &ctx);
	if (r->niface == r->ifcap) {
		r->ifcap = r->ifcap == 0 ? 4 : r->ifcap * 2;
		r->ifaces = xreallocarray(r->ifaces, r->ifcap, sizeof *r->ifaces);
	}
	r->ifaces[r->niface++] = ifc;
	r->gen++;
	if (r->first_linktype < 0)
		r->first_linktype = ifc.linktype;
	return true;
}

/* Convert a raw timestamp in interface units to ns since the epoch. */
static int64_t
pcapng_ts_ns(const struct pcapng_iface *ifc, uint64_t ts)
{
	unsigned	 v = ifc->tsresol & 0x7f;
	uint64_t	 units, sec, frac;
	int64_t		 ns, off;

	if (ifc->tsresol & 0x80) {
		if (v >= 64)
			return 0;
		sec = v == 0 ? ts : ts >> v;
		frac = v == 0 ? 0 : ts & ((UINT64_C(1) << v) - 1);
		/* frac < 2^v; scale by 1e9 without overflowing 64 bits. */
		if (v <= 34)
			frac = (frac * UINT64_C(1000000000)) >> v;
		else
			frac = (frac >> (v - 34)) * UINT64_C(1000000000) >> 34;
	} else {
		if (v > 19)
			v = 19;
		for (units = 1; v > 0; v--)
			units *= 10;
		sec = ts / units;
		frac = ts % units;
		if (units <= UINT64_C(1000000000))
			frac *= UINT64_C(1000000000) / units;
		else
			frac /= units / UINT64_C(1000000000);
	}
	if (sec > (uint64_t)(INT64_MAX / COMPAT_NS_PER_SEC) - 1)
		sec = (uint64_t)(INT64_MAX / COMPAT_NS_PER_SEC) - 1;
	ns = (int64_t)sec * COMPAT_NS_PER_SEC + (int64_t)frac;
	if (ifc->tsoffset > -1000000000 && ifc->tsoffset < 1000000000) {
		/* ns >= 0 here: only a positive offset can overflow. */
		off = ifc->tsoffset * COMPAT_NS_PER_SEC;
		ns = off > 0 && ns > INT64_MAX - off ? INT64_MAX : ns + off;
	}
	return ns;
}

/* Fill rec from an EPB/OPB/SPB body; false means skip this block. */
static bool
pcapng_packet(struct pcapng_reader *r, uint32_t type, struct bytes *b,
    struct pcapng_record *rec)
{
	const struct pcapng_iface	*ifc;
	uint32_t			 hi = 0, lo = 0;
	uint32_t			 caplen, wirelen;

	memset(rec, 0, sizeof *rec);
	if (type == PCAPNG_SPB) {
		rec->iface = 0;
		wirelen = pcapng_u32(b, r->be);
		caplen = wirelen;
		if (r->niface > 0 && r->ifaces[0].snaplen != 0 &&
		    caplen > r->ifaces[0].snaplen)
			caplen = r->ifaces[0].snaplen;
	} else {
		if (type == PCAPNG_OPB) {
			rec->iface = pcapng_u16(b, r->be);
			bytes_skip(b, 2);		/* drops count */
		} else
			rec->iface = pcapng_u32(b, r->be);
		hi = pcapng_u32(b, r->be);
		lo = pcapng_u32(b, r->be);
		caplen = pcapng_u32(b, r->be);
		wirelen = pcapng_u32(b, r->be);
		rec->has_ts = true;
	}
	if (!bytes_ok(b) || rec->iface >= r->niface)
		return false;
	if (caplen > bytes_left(b))
		caplen = (uint32_t)bytes_left(b);
	ifc = &r->ifaces[rec->iface];
	rec->linktype = ifc->linktype;
	rec->caplen = caplen;
	rec->wirelen = wirelen < caplen ? caplen : wirelen;
	rec->data = b->p + b->off;
	if (rec->has_ts)
		rec->ts_ns = pcapng_ts_ns(ifc, ((uint64_t)hi << 32) | lo);
	return true;
}

struct pcapng_reader *
pcapng_open(FILE *fp)
{
	struct pcapng_reader	*r;

	r = xcalloc(1, sizeof *r);
	r->fp = fp;
	r->first_linktype = -1;
	/* The caller read the SHB's block type; pcapng_next() parses the rest. */
	r->off = 4;
	return r;
}

enum pcapng_next
pcapng_next(struct pcapng_reader *r, struct pcapng_record *rec)
{
	uint8_t		hdr[8];
	uint32_t	type, total, trail;
	uint64_t	at;
	size_t		got, body;
	struct bytes	b;

	for (;;) {
		if (r->err[0] != '\0')
			return PCAPNG_ERROR;
		at = r->off;
		if (at == 4) {
			/* The caller consumed the SHB's type already. */
			memcpy(hdr, "\x0a\x0d\x0d\x0a", 4);
			got = 4 + pcapng_read(r, hdr + 4, 4);
			at = 0;
		} else
			got = pcapng_read(r, hdr, sizeof hdr);
		if (got == 0)
			return PCAPNG_END;
		if (got < sizeof hdr)
			return PCAPNG_CUT;
		type = pcapng_raw32(hdr, r->be);
		if (pcapng_raw32(hdr, false) == PCAPNG_MAGIC_SHB) {
			uint8_t	bom[4];

			if (pcapng_read(r, bom, 4) < 4)
				return PCAPNG_CUT;
			if (pcapng_raw32(bom, false) == PCAPNG_BOM)
				r->be = false;
			else if (pcapng_raw32(bom, true) == PCAPNG_BOM)
				r->be = true;
			else {
				pcapng_set_error(r, at,
				    "bad byte-order magic in section header");
				return PCAPNG_ERROR;
			}
			type = PCAPNG_MAGIC_SHB;
		}
		total = pcapng_raw32(hdr + 4, r->be);
		if (total < 12 || (total & 3) != 0 || total > PCAPNG_BLOCK_MAX ||
		    (type == PCAPNG_MAGIC_SHB && total < 28)) {
			char	msg[96];

			snprintf(msg, sizeof msg,
			    "bad block length %u (block type 0x%08x)",
			    total, type);
			pcapng_set_error(r, at, msg);
			return PCAPNG_ERROR;
		}
		body = total - 12;
		if (type == PCAPNG_MAGIC_SHB)
			body -= 4;		/* the BOM was read above */
		pcapng_reserve(r, body + 4);
		if (pcapng_read(r, r->buf, body + 4) < body + 4)
			return PCAPNG_CUT;
		trail = pcapng_raw32(r->buf + body, r->be);
		if (trail != total) {
			pcapng_set_error(r, at,
			    "block's trailing length does not match its header");
			return PCAPNG_ERROR;
		}
		bytes_init(&b, r->buf, body);
		switch (type) {
		case PCAPNG_MAGIC_SHB:
			if (!pcapng_shb(r, &b, at))
				return PCAPNG_ERROR;
			break;
		case PCAPNG_IDB:
			if (!pcapng_idb(r, &b, at))
				return PCAPNG_ERROR;
			break;
		case PCAPNG_EPB:
		case PCAPNG_OPB:
		case PCAPNG_SPB:
			if (pcapng_packet(r, type, &b, rec))
				return PCAPNG_RECORD;
			break;
		default:
			/* NRB, ISB, DSB, custom and unknown blocks: skip. */
			break;
		}
	}
}

const char *
pcapng_error(const struct pcapng_reader *r)
{
	return r->err;
}

uint64_t
pcapng_offset(const struct pcapng_reader *r)
{
	return r->off;
}

int
pcapng_first_linktype(const struct pcapng_reader *r)
{
	return r->first_linktype;
}

uint64_t
pcapng_generation(const struct pcapng_reader *r)
{
	return r->gen;
}

struct pcapng_reader *
pcapng_snapshot(const struct pcapng_reader *r)
{
	struct pcapng_reader	*s;

	s = xcalloc(1, sizeof *s);
	s->be = r->be;
	s->first_linktype = r->first_linktype;
	s->gen = r->gen;
	s->off = r->off;
	if (r->niface > 0) {
		s->ifaces = xreallocarray(NULL, r->niface, sizeof *s->ifaces);
		memcpy(s->ifaces, r->ifaces, r->niface * sizeof *s->ifaces);
	}
	s->niface = s->ifcap = r->niface;
	return s;
}

bool
pcapng_restore(struct pcapng_reader *r, const struct pcapng_reader *s,
    uint64_t off)
{
	if (r->fp == NULL || off < 4 ||
	    fseeko(r->fp, (off_t)off, SEEK_SET) != 0)
		return false;
	free(r->ifaces);
	r->ifaces = NULL;
	if (s->niface > 0) {
		r->ifaces = xreallocarray(NULL, s->niface, sizeof *r->ifaces);
		memcpy(r->ifaces, s->ifaces, s->niface * sizeof *r->ifaces);
	}
	r->niface = r->ifcap = s->niface;
	r->be = s->be;
	r->first_linktype = s->first_linktype;
	r->gen = s->gen;
	r->off = off;
	r->err[0] = '\0';
	return true;
}

void
pcapng_free(struct pcapng_reader *r)
{
	if (r == NULL)
		return;
	free(r->buf);
	free(r->ifaces);
	free(r);
}
