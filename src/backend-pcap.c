/*
 * backend-pcap.c: capture files through libpcap (classic pcap) and our own
 * pcapng reader (pcapng.c), with BPF filters compiled by libpcap. Layer 2a:
 * the only file that includes pcap.h; knows nothing of engine or views.
 *
 * Frame numbers count every record in the file, filtered or not, so they
 * match Wireshark's frame.number.
 */
#include "config.h"

#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <net/if.h>

#include <errno.h>
#include <pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend-pcap.h"
#include "log.h"
#include "parse.h"
#include "pcapng.h"
#include "xmalloc.h"

#define BACKEND_PCAP_FILTERS	8	/* link types with a compiled filter */
#define BACKEND_PCAP_SNAPLEN	262144
/* pcapng states kept for seeking (each SHB or IDB makes a new one). */
#define BACKEND_PCAP_SNAPS	256

struct backend_pcap_filter {
	int			linktype;
	bool			ok;		/* compiled for this link type */
	bool			warned;
	struct bpf_program	prog;
};

/* Where a block of frames starts, for re-reading it (backend_pcap_seek). */
struct backend_pcap_block {
	uint64_t	off;		/* file offset of its first frame */
	int64_t		t_before;	/* newest segment time before it */
	uint32_t	snap;		/* pcapng: the interfaces, snaps[] */
};

struct backend_pcap {
	char				*path;
	FILE				*fp;
	pcap_t				*pcap;		/* classic pcap */
	struct pcapng_reader		*ng;		/* pcapng */
	int				 linktype;	/* classic pcap */
	/*
	 * A regular classic pcap file is read here, not by pcap_next_ex:
	 * big reads into buf, records taken in place (backend_pcap_fast).
	 * Anything out of the ordinary hands the file back to libpcap at
	 * that record, for its own checks and messages.
	 */
	bool				 fast;
	bool				 fast_nano;	/* ns, not us, stamps */
	bool				 fast_swap;	/* other byte order */
	uint8_t				*fbuf;
	size_t				 flen;		/* bytes in fbuf */
	size_t				 fpos;		/* next record in it */
	uint64_t			 fbase;		/* file offset of fbuf */
	uint8_t				 magic[4];
	char				*filter;
	struct backend_pcap_filter	 filters[BACKEND_PCAP_FILTERS];
	size_t				 nfilters;
	uint64_t			 frame;
	bool				 warned_link;
	bool				 stream;	/* not a regular file */
	/* Re-reading (backend_pcap_reopen): the index of block offsets. */
	FILE				*refp;		/* second handle */
	bool				 indexed;	/* keeps the index */
	struct backend_pcap_block	*idx;		/* block k */
	int64_t				 t_max;		/* newest time so far */
	size_t				 nidx;
	size_t				 capidx;
	struct pcapng_reader		**snaps;	/* pcapng state */
	size_t				 nsnaps;
	/* Live capture. */
	bool				 live;
	bool				 nano;		/* ns timestamps */
	pcap_dumper_t			*dump;		/* -w */
	char				*dump_path;
	bool				 dump_dirty;
	int				 fd;		/* selectable */
	int				 ifsock;	/* for SIOCGIFFLAGS */
	bool				 down;		/* last seen down */
	uint64_t			 polls;
};

/* State for replaying the magic bytes in front of a pipe. */
struct backend_pcap_cookie {
	FILE	*fp;
	int	 fd;		/* >= 0: fp is unbuffered, read(2) it */
	uint8_t	 pre[4];
	size_t	 npre;
	size_t	 pos;
};

static ssize_t
backend_pcap_cookie_read(void *arg, char *buf, size_t size)
{
	struct backend_pcap_cookie	*c = arg;
	size_t				 n = 0;

	ssize_t				 r;

	while (c->pos < c->npre && n < size)
		buf[n++] = (char)c->pre[c->pos++];
	if (n > 0 || size == 0)
		return (ssize_t)n;
	if (c->fd < 0)
		return (ssize_t)fread(buf, 1, size, c->fp);
	/*
	 * Standard input and a FIFO are unbuffered (see
	 * backend_pcap_open_file): take what the pipe has now, so a live
	 * stream is not held back until a whole buffer fills.
	 */
	do
		r = read(c->fd, buf, size);
	while (r < 0 && errno == EINTR);
	return r;
}

static int
backend_pcap_cookie_close(void *arg)
{
	struct backend_pcap_cookie	*c = arg;

	if (c->fp != stdin)
		fclose(c->fp);
	free(c);
	return 0;
}

/*
 * Was fp made unbuffered by backend_pcap_open_file (standard input, or a
 * path that is not a regular file), so that its descriptor can be read
 * directly without skipping buffered bytes?
 */
static bool
backend_pcap_unbuffered(FILE *fp)
{
	struct stat	st;

	if (fp == stdin)
		return true;
	return fileno(fp) >= 0 && fstat(fileno(fp), &st) == 0 &&
	    !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode) &&
	    !S_ISBLK(st.st_mode);
}

/*
 * Give libpcap a stream that starts at the file's first byte: rewind a
 * seekable file, or wrap a pipe so the magic we consumed is read again.
 */
static FILE *
backend_pcap_restart(FILE *fp, const uint8_t magic[4])
{
	struct backend_pcap_cookie	*c;
	cookie_io_functions_t		 io = {
		.read = backend_pcap_cookie_read,
		.close = backend_pcap_cookie_close
	};
	FILE				*wrapped;

	if (fp != stdin && fseek(fp, 0, SEEK_SET) == 0)
		return fp;
	c = xcalloc(1, sizeof *c);
	c->fp = fp;
	c->fd = backend_pcap_unbuffered(fp) ? fileno(fp) : -1;
	memcpy(c->pre, magic, 4);
	c->npre = 4;
	wrapped = fopencookie(c, "r", io);
	if (wrapped == NULL)
		log_fatalx("cannot wrap the input stream: %s", strerror(errno));
	return wrapped;
}

/* Compile the filter for one link type (once); NULL if it does not apply. */
static struct backend_pcap_filter *
backend_pcap_filter_for(struct backend_pcap *bp, int linktype, char *err,
    size_t errlen)
{
	struct backend_pcap_filter	*f;
	pcap_t				*dead;
	size_t				 i;

	for (i = 0; i < bp->nfilters; i++) {
		if (bp->filters[i].linktype == linktype)
			return &bp->filters[i];
	}
	if (bp->nfilters == BACKEND_PCAP_FILTERS)
		return NULL;
	f = &bp->filters[bp->nfilters++];
	memset(f, 0, sizeof *f);
	f->linktype = linktype;
	dead = pcap_open_dead(linktype, BACKEND_PCAP_SNAPLEN);
	if (dead == NULL)
		return f;
	if (pcap_compile(dead, &f->prog, bp->filter, 1,
	    PCAP_NETMASK_UNKNOWN) == 0)
		f->ok = true;
	else if (err != NULL)
		snprintf(err, errlen, "%s", pcap_geterr(dead));
	pcap_close(dead);
	return f;
}

/* Does the frame pass the user's filter? */
static bool
backend_pcap_match(struct backend_pcap *bp, int linktype, const uint8_t *data,
    uint32_t caplen, uint32_t wirelen)
{
	struct backend_pcap_filter	*f;
	struct pcap_pkthdr		 h;

	if (bp->filter == NULL)
		return true;
	f = backend_pcap_filter_for(bp, linktype, NULL, 0);
	if (f == NULL || !f->ok) {
		if (f != NULL && !f->warned) {
			f->warned = true;
			log_warnx("%s: the filter does not apply to link type "
			    "%s; skipping those frames", bp->path,
			    parse_linktype_name(linktype));
		}
		return false;
	}
	memset(&h, 0, sizeof h);
	h.caplen = caplen;
	h.len = wirelen;
	return pcap_offline_filter(&f->prog, &h, data) != 0;
}

/* Decode one record; true when it produced a TCP segment. */
static bool
backend_pcap_decode(struct backend *b, struct backend_pcap *bp, int linktype,
    int64_t ts_ns, const uint8_t *data, uint32_t caplen, uint32_t wirelen,
    struct event_segment *seg)
{
	struct parse_result	r;

	bp->frame++;
	if (!backend_pcap_match(bp, linktype, data, caplen, wirelen)) {
		b->filtered++;
		return false;
	}
	r = parse_frame(linktype, data, caplen, wirelen, seg);
	parse_stats_add(&b->stats, r);
	if (r.status != PARSE_OK)
		return false;
	if (seg->opts.present & EVOPT_BAD)
		b->stats.bad_options++;
	seg->t_sent = seg->t_recv = ts_ns;
	seg->origin_kind = EVENT_ORIGIN_FRAME;
	seg->origin = bp->frame;
	b->frame_data = data;
	b->frame_caplen = caplen;
	b->frame_wirelen = wirelen;
	b->frame_linktype = linktype;
	if (ts_ns > bp->t_max)
		bp->t_max = ts_ns;
	return true;
}

/*
 * Before reading frame bp->frame + 1: if it starts a block, keep where
 * (and, for pcapng, the interfaces then in force). Also the progress.
 */
static void
backend_pcap_checkpoint(struct backend *b, struct backend_pcap *bp)
{
	uint64_t	off, gen;
	off_t		o;

	if ((bp->frame & ((UINT64_C(1) << EVENT_BLOCK_SHIFT) - 1)) != 0)
		return;
	if (bp->fast)
		off = bp->fbase + bp->fpos;
	else if (bp->pcap != NULL) {
		if ((o = ftello(pcap_file(bp->pcap))) < 0) {
			bp->indexed = false;
			return;
		}
		off = (uint64_t)o;
	} else
		off = pcapng_offset(bp->ng);
	b->offset = off;
	if (!bp->indexed || (bp->frame >> EVENT_BLOCK_SHIFT) != bp->nidx)
		return;
	if (bp->ng != NULL) {
		gen = pcapng_generation(bp->ng);
		if (bp->nsnaps == 0 ||
		    pcapng_generation(bp->snaps[bp->nsnaps - 1]) != gen) {
			if (bp->nsnaps == BACKEND_PCAP_SNAPS) {
				/* Blocks past here are read from the last. */
				bp->indexed = false;
				return;
			}
			if (bp->nsnaps % 16 == 0)
				bp->snaps = xreallocarray(bp->snaps,
				    bp->nsnaps + 16, sizeof *bp->snaps);
			bp->snaps[bp->nsnaps++] = pcapng_snapshot(bp->ng);
		}
	}
	if (bp->nidx == bp->capidx) {
		bp->capidx = bp->capidx == 0 ? 1024 : bp->capidx * 2;
		bp->idx = xreallocarray(bp->idx, bp->capidx, sizeof *bp->idx);
	}
	bp->idx[bp->nidx].off = off;
	bp->idx[bp->nidx].t_before = bp->t_max;
	bp->idx[bp->nidx++].snap = bp->ng != NULL ?
	    (uint32_t)(bp->nsnaps - 1) : 0;
}

#define BACKEND_PCAP_FBUF	(1024 * 1024)

/* The 32-bit field at p in the file's byte order. */
static uint32_t
backend_pcap_u32(const struct backend_pcap *bp, const uint8_t *p)
{
	uint32_t	v;

	memcpy(&v, p, sizeof v);
	return bp->fast_swap ? __builtin_bswap32(v) : v;
}

/* Keep fbuf's unread bytes and read more after them; false at the end. */
static bool
backend_pcap_fill(struct backend_pcap *bp)
{
	FILE	*fp = pcap_file(bp->pcap);
	size_t	 n;

	if (bp->fpos > 0) {
		memmove(bp->fbuf, bp->fbuf + bp->fpos, bp->flen - bp->fpos);
		bp->fbase += bp->fpos;
		bp->flen -= bp->fpos;
		bp->fpos = 0;
	}
	n = fread(bp->fbuf + bp->flen, 1, BACKEND_PCAP_FBUF - bp->flen, fp);
	bp->flen += n;
	return n > 0;
}

/*
 * The next record, read in place: 1 with h and data set, 0 at the end of
 * the file on a record's boundary, -1 when libpcap is to take over from
 * this record (a short or odd one: its caplen past the snapshot length,
 * a stamp out of range, the file cut in its middle, a read error).
 */
static int
backend_pcap_fast(struct backend_pcap *bp, struct pcap_pkthdr *h,
    const uint8_t **data)
{
	const uint8_t	*r;
	uint32_t	 sec, frac, caplen, len;

	if (bp->flen - bp->fpos < 16 && !backend_pcap_fill(bp) &&
	    bp->flen == bp->fpos)
		return ferror(pcap_file(bp->pcap)) ? -1 : 0;
	if (bp->flen - bp->fpos < 16)
		return -1;
	r = bp->fbuf + bp->fpos;
	sec = backend_pcap_u32(bp, r);
	frac = backend_pcap_u32(bp, r + 4);
	caplen = backend_pcap_u32(bp, r + 8);
	len = backend_pcap_u32(bp, r + 12);
	if (sec > INT32_MAX || frac >= (bp->fast_nano ? 1000000000u : 1000000u) ||
	    caplen > len || caplen > BACKEND_PCAP_SNAPLEN ||
	    (int)caplen > pcap_snapshot(bp->pcap))
		return -1;
	if (bp->flen - bp->fpos < 16 + (size_t)caplen) {
		backend_pcap_fill(bp);
		if (bp->flen - bp->fpos < 16 + (size_t)caplen)
			return -1;
		r = bp->fbuf + bp->fpos;
	}
	h->ts.tv_sec = (time_t)sec;
	/* As libpcap asked for PCAP_TSTAMP_PRECISION_NANO gives it. */
	h->ts.tv_usec = (suseconds_t)(bp->fast_nano ? frac : frac * 1000u);
	h->caplen = caplen;
	h->len = len;
	*data = r + 16;
	bp->fpos += 16 + (size_t)caplen;
	return 1;
}

/* Give the rest of the file, from the next record, to libpcap. */
static void
backend_pcap_slow(struct backend_pcap *bp)
{
	bp->fast = false;
	if (fseeko(pcap_file(bp->pcap), (off_t)(bp->fbase + bp->fpos),
	    SEEK_SET) != 0)
		clearerr(pcap_file(bp->pcap));
	free(bp->fbuf);
	bp->fbuf = NULL;
}

/*
 * May this classic file be read by backend_pcap_fast? A regular file in
 * the standard format (2.4, us or ns stamps, either byte order), read
 * from its first record on.
 */
static void
backend_pcap_fast_start(struct backend_pcap *bp)
{
	uint32_t		m;
	off_t			o;

	if (bp->pcap == NULL || pcap_major_version(bp->pcap) != 2 ||
	    pcap_minor_version(bp->pcap) < 4)
		return;
	/* The magic read in this machine's order says the file's. */
	memcpy(&m, bp->magic, sizeof m);
	if (m == 0xa1b2c3d4u || m == 0xa1b23c4du)
		bp->fast_swap = false;
	else if (m == 0xd4c3b2a1u || m == 0x4d3cb2a1u)
		bp->fast_swap = true;
	else
		return;
	bp->fast_nano = m == 0xa1b23c4du || m == 0x4d3cb2a1u;
	if ((o = ftello(pcap_file(bp->pcap))) < 0)
		return;
	bp->fbase = (uint64_t)o;
	bp->fbuf = xmalloc(BACKEND_PCAP_FBUF);
	bp->flen = bp->fpos = 0;
	bp->fast = true;
}

/* Next segment from a classic pcap file, through libpcap. */
static enum backend_next
backend_pcap_next_classic(struct backend *b, struct backend_pcap *bp,
    struct event_segment *seg)
{
	struct pcap_pkthdr	*h, fh;
	const u_char		*data;
	int			 rc;
	int64_t			 ts;

	for (;;) {
		backend_pcap_checkpoint(b, bp);
		if (bp->fast) {
			rc = backend_pcap_fast(bp, &fh, &data);
			if (rc == 0) {
				b->offset = b->size;
				return BACKEND_END;
			}
			if (rc == 1) {
				h = &fh;
				goto got;
			}
			backend_pcap_slow(bp);
		}
		rc = pcap_next_ex(bp->pcap, &h, &data);
		if (rc == PCAP_ERROR_BREAK) {
			b->offset = b->size;
			return BACKEND_END;
		}
		if (rc != 1) {
			const char	*msg = pcap_geterr(bp->pcap);

			if (strstr(msg, "truncated") != NULL)
				backend_set_warning(b, "%s: the file ends in the "
				    "middle of a packet record after frame %llu "
				    "(%s)", bp->path,
				    (unsigned long long)bp->frame, msg);
			else
				backend_set_error(b, "%s: frame %llu: %s",
				    bp->path,
				    (unsigned long long)bp->frame + 1, msg);
			return BACKEND_END;
		}
got:
		ts = (int64_t)h->ts.tv_sec * COMPAT_NS_PER_SEC +
		    (int64_t)h->ts.tv_usec;
		if (backend_pcap_decode(b, bp, bp->linktype, ts, data,
		    h->caplen, h->len, seg))
			return BACKEND_SEGMENT;
	}
}

/* Next segment from a pcapng file, through pcapng.c. */
static enum backend_next
backend_pcap_next_ng(struct backend *b, struct backend_pcap *bp,
    struct event_segment *seg)
{
	struct pcapng_record	rec;

	for (;;) {
		backend_pcap_checkpoint(b, bp);
		switch (pcapng_next(bp->ng, &rec)) {
		case PCAPNG_RECORD:
			break;
		case PCAPNG_END:
			b->offset = b->size;
			return BACKEND_END;
		case PCAPNG_CUT:
			backend_set_warning(b, "%s: the file ends in the middle "
			    "of a block after frame %llu (offset %llu)",
			    bp->path, (unsigned long long)bp->frame,
			    (unsigned long long)pcapng_offset(bp->ng));
			return BACKEND_END;
		case PCAPNG_ERROR:
			backend_set_error(b, "%s: %s", bp->path,
			    pcapng_error(bp->ng));
			return BACKEND_END;
		}
		if (backend_pcap_decode(b, bp, rec.linktype, rec.ts_ns,
		    rec.data, rec.caplen, rec.wirelen, seg))
			return BACKEND_SEGMENT;
	}
}

static enum backend_next
backend_pcap_next(struct backend *b, struct event_segment *seg)
{
	struct backend_pcap	*bp = b->priv;

	if (bp->pcap != NULL)
		return backend_pcap_next_classic(b, bp, seg);
	return backend_pcap_next_ng(b, bp, seg);
}

static int
backend_pcap_fd(struct backend *b)
{
	(void)b;
	return -1;
}

static void
backend_pcap_free(struct backend *b)
{
	struct backend_pcap	*bp = b->priv;
	size_t			 i;

	if (bp == NULL)
		return;
	for (i = 0; i < bp->nfilters; i++) {
		if (bp->filters[i].ok)
			pcap_freecode(&bp->filters[i].prog);
	}
	if (bp->dump != NULL) {
		pcap_dump_close(bp->dump);	/* flushes */
		bp->dump = NULL;
	}
	free(bp->dump_path);
	if (bp->live && bp->ifsock >= 0)
		close(bp->ifsock);
	free(bp->fbuf);
	if (bp->pcap != NULL)
		pcap_close(bp->pcap);	/* closes its stream */
	else if (bp->fp != NULL && bp->fp != stdin)
		fclose(bp->fp);
	pcapng_free(bp->ng);
	if (bp->refp != NULL)
		fclose(bp->refp);
	for (i = 0; i < bp->nsnaps; i++)
		pcapng_free(bp->snaps[i]);
	free(bp->snaps);
	free(bp->idx);
	free(bp->filter);
	free(bp->path);
	free(bp);
	b->priv = NULL;
}

static struct backend *backend_pcap_reopen(struct backend *, char **);
static bool	backend_pcap_seek(struct backend *, const struct backend *,
		    uint64_t, int64_t *);

static const struct backend_class backend_pcap_file_class = {
	.name = "pcap-file",
	.next = backend_pcap_next,
	.fd = backend_pcap_fd,
	.free = backend_pcap_free,
	.reopen = backend_pcap_reopen,
	.seek = backend_pcap_seek,
};

/* Is this a classic pcap magic number (either byte order, us or ns)? */
static bool
backend_pcap_is_classic(const uint8_t m[4])
{
	static const uint8_t	magics[][4] = {
		{ 0xa1, 0xb2, 0xc3, 0xd4 }, { 0xd4, 0xc3, 0xb2, 0xa1 },
		{ 0xa1, 0xb2, 0x3c, 0x4d }, { 0x4d, 0x3c, 0xb2, 0xa1 },
		{ 0xa1, 0xb2, 0xcd, 0x34 }, { 0x34, 0xcd, 0xb2, 0xa1 },
	};
	size_t			i;

	for (i = 0; i < COMPAT_NITEMS(magics); i++) {
		if (memcmp(m, magics[i], 4) == 0)
			return true;
	}
	return false;
}

/* Describe the first bytes of a file that is not a capture. */
static void
backend_pcap_not_capture(char **err, const char *path, const uint8_t m[4])
{
	char	text[5];
	int	i;

	for (i = 0; i < 4; i++)
		text[i] = m[i] >= 0x20 && m[i] < 0x7f ? (char)m[i] : '.';
	text[4] = '\0';
	xasprintf(err, "%s: not a pcap or pcapng capture (it starts with "
	    "bytes %02x %02x %02x %02x, \"%s\")", path, m[0], m[1], m[2],
	    m[3], text);
}

struct backend *
backend_pcap_open_file(const char *path, const char *filter, char **err,
    int *exit_code)
{
	FILE		*fp;
	struct backend	*b;
	struct stat	 st;
	bool		 stream;

	*err = NULL;
	*exit_code = 1;
	if (strcmp(path, "-") == 0) {
		/*
		 * No stdio buffer on a pipe: a packet that has arrived is
		 * read now, not when 4 KiB more have come.
		 */
		setvbuf(stdin, NULL, _IONBF, 0);
		b = backend_pcap_open_stream(stdin, "(stdin)", filter, err,
		    exit_code);
		if (b != NULL && fstat(STDIN_FILENO, &st) == 0 &&
		    !S_ISREG(st.st_mode))
			((struct backend_pcap *)b->priv)->stream = true;
		return b;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		xasprintf(err, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		xasprintf(err, "%s: is a directory, not a capture file", path);
		fclose(fp);
		return NULL;
	}
	/* A FIFO or a socket, like a pipe on standard input: no buffer. */
	if ((stream = backend_pcap_unbuffered(fp)))
		setvbuf(fp, NULL, _IONBF, 0);
	b = backend_pcap_open_stream(fp, path, filter, err, exit_code);
	if (b != NULL)
		((struct backend_pcap *)b->priv)->stream = stream;
	if (b != NULL && !stream && S_ISREG(st.st_mode)) {
		struct backend_pcap	*bp = b->priv;
		struct stat		 st2;

		b->size = (uint64_t)st.st_size;
		/*
		 * A second handle now, while we may still open files (before
		 * privileges drop and the sandbox closes open(2)), for
		 * re-reading a connection when a view shows it.
		 */
		bp->refp = fopen(path, "rb");
		if (bp->refp != NULL && (fstat(fileno(bp->refp), &st2) != 0 ||
		    st2.st_ino != st.st_ino || st2.st_dev != st.st_dev)) {
			fclose(bp->refp);
			bp->refp = NULL;
		}
		bp->indexed = b->reopenable = bp->refp != NULL;
		backend_pcap_fast_start(bp);
	}
	return b;
}

static struct backend *
backend_pcap_reopen(struct backend *b, char **err)
{
	struct backend_pcap	*bp;
	struct backend		*rd;
	FILE			*fp;
	int			 code;

	*err = NULL;
	if (b == NULL || b->cls != &backend_pcap_file_class ||
	    (bp = b->priv) == NULL || bp->refp == NULL) {
		xasprintf(err, "not a file that can be read again");
		return NULL;
	}
	fp = bp->refp;
	bp->refp = NULL;
	b->reopenable = false;
	rd = backend_pcap_open_stream(fp, bp->path, bp->filter, err, &code);
	if (rd != NULL)
		rd->size = b->size;
	return rd;
}

static bool
backend_pcap_seek(struct backend *rd, const struct backend *b, uint64_t frame,
    int64_t *t_before)
{
	const struct backend_pcap	*bp;
	struct backend_pcap		*rp;
	size_t				 k;

	if (rd == NULL || b == NULL || rd->cls != &backend_pcap_file_class ||
	    b->cls != &backend_pcap_file_class || frame == 0)
		return false;
	bp = b->priv;
	rp = rd->priv;
	k = EVENT_FRAME_BLOCK(frame);
	if (bp->nidx == 0)
		return false;
	if (k >= bp->nidx) {
		/* Not indexed that far (see checkpoint): on from the last. */
		if (bp->indexed)
			return false;
		k = bp->nidx - 1;
	}
	if (rp->pcap != NULL) {
		if (fseeko(pcap_file(rp->pcap), (off_t)bp->idx[k].off,
		    SEEK_SET) != 0)
			return false;
	} else if (rp->ng == NULL || bp->ng == NULL ||
	    !pcapng_restore(rp->ng, bp->snaps[bp->idx[k].snap],
	    bp->idx[k].off))
		return false;
	rp->frame = (uint64_t)k << EVENT_BLOCK_SHIFT;
	*t_before = bp->idx[k].t_before;
	free(rd->error);
	rd->error = NULL;
	return true;
}

bool
backend_pcap_stream(const struct backend *b)
{
	return b != NULL && b->cls == &backend_pcap_file_class &&
	    b->priv != NULL && ((const struct backend_pcap *)b->priv)->stream;
}

struct backend *
backend_pcap_open_stream(FILE *fp, const char *name, const char *filter,
    char **err, int *exit_code)
{
	struct backend		*b;
	struct backend_pcap	*bp;
	uint8_t			 magic[4];
	size_t			 got;
	char			 errbuf[PCAP_ERRBUF_SIZE + 64];

	*err = NULL;
	*exit_code = 1;
	b = xcalloc(1, sizeof *b);
	bp = xcalloc(1, sizeof *bp);
	bp->t_max = INT64_MIN;
	b->cls = &backend_pcap_file_class;
	b->priv = bp;
	bp->path = xstrdup(name);
	bp->fp = fp;
	if (filter != NULL && *filter != '\0')
		bp->filter = xstrdup(filter);

	got = fread(magic, 1, sizeof magic, bp->fp);
	if (got == 0) {
		xasprintf(err, "%s: empty file: not a pcap or pcapng capture",
		    name);
		goto fail;
	}
	if (got < sizeof magic) {
		xasprintf(err, "%s: only %zu bytes: too short to be a capture",
		    name, got);
		goto fail;
	}

	memcpy(bp->magic, magic, sizeof bp->magic);
	if (memcmp(magic, "\x0a\x0d\x0d\x0a", 4) == 0) {
		bp->ng = pcapng_open(bp->fp);
	} else if (backend_pcap_is_classic(magic)) {
		FILE	*start = backend_pcap_restart(bp->fp, magic);

		bp->fp = NULL;
		bp->pcap = pcap_fopen_offline_with_tstamp_precision(start,
		    PCAP_TSTAMP_PRECISION_NANO, errbuf);
		if (bp->pcap == NULL) {
			if (start != stdin)
				fclose(start);
			xasprintf(err, "%s: %s", name, errbuf);
			goto fail;
		}
		bp->linktype = pcap_datalink(bp->pcap);
		if (!parse_linktype_supported(bp->linktype)) {
			const char *lname =
			    pcap_datalink_val_to_name(bp->linktype);

			xasprintf(err, "%s: link type %d (%s) is not supported; "
			    "tcpviz reads Ethernet, Linux cooked (SLL, SLL2), "
			    "BSD loopback, raw IP, PPP, Cisco HDLC and NFLOG "
			    "captures", name,
			    bp->linktype, lname != NULL ? lname : "unknown");
			goto fail;
		}
	} else {
		backend_pcap_not_capture(err, name, magic);
		goto fail;
	}

	if (bp->filter != NULL) {
		/* Compile once now so a bad expression is a usage error. */
		struct backend_pcap_filter	*f;
		int				 lt = bp->pcap != NULL ?
		    bp->linktype : 1 /* Ethernet: any syntax error shows */;

		errbuf[0] = '\0';
		f = backend_pcap_filter_for(bp, lt, errbuf, sizeof errbuf);
		if (f == NULL || !f->ok) {
			/* Quote a long expression's start only: one line. */
			xasprintf(err, "bad filter expression '%.60s%s': %s",
			    bp->filter, strlen(bp->filter) > 60 ? "..." : "",
			    errbuf);
			*exit_code = 2;
			goto fail;
		}
	}
	return b;

fail:
	backend_free(b);
	return NULL;
}

/*
 * Is the interface still up? A down interface captures nothing but is not
 * an error to libpcap; say so (b->warning) until it comes back.
 */
static void
backend_pcap_check_up(struct backend *b, struct backend_pcap *bp)
{
	struct ifreq	ifr;
	bool		down;

	if (bp->ifsock < 0 || strlen(bp->path) >= sizeof ifr.ifr_name)
		return;
	memset(&ifr, 0, sizeof ifr);
	memcpy(ifr.ifr_name, bp->path, strlen(bp->path));
	if (ioctl(bp->ifsock, SIOCGIFFLAGS, &ifr) != 0)
		return;		/* gone: libpcap reports that itself */
	down = !(ifr.ifr_flags & IFF_UP);
	if (down == bp->down)
		return;
	bp->down = down;
	if (down) {
		backend_set_warning(b, "%s: the interface is down; waiting for "
		    "it to come back", bp->path);
		log_warnx("%s", b->warning);
	} else {
		free(b->warning);
		b->warning = NULL;
		log_warnx("%s: the interface is up again", bp->path);
	}
}

/* Refresh the kernel's drop counters (cheap: one getsockopt). */
static void
backend_pcap_live_stats(struct backend *b, struct backend_pcap *bp)
{
	struct pcap_stat	st;

	memset(&st, 0, sizeof st);
	if (pcap_stats(bp->pcap, &st) == 0)
		b->kernel_drops = (uint64_t)st.ps_drop + st.ps_ifdrop;
}

/*
 * Next segment from a live handle. Non-blocking: BACKEND_AGAIN when the
 * ring is empty (the caller polls the fd). An error (the interface went
 * down or away) ends the input with a message; what came before stays.
 */
static enum backend_next
backend_pcap_next_live(struct backend *b, struct event_segment *seg)
{
	struct backend_pcap	*bp = b->priv;
	struct pcap_pkthdr	*h;
	const u_char		*data;
	int			 rc, n;
	int64_t			 ts;

	for (n = 0; n < 4096; n++) {
		rc = pcap_next_ex(bp->pcap, &h, &data);
		if (rc == 0)
			break;
		if (rc != 1) {
			backend_pcap_live_stats(b, bp);
			if (rc == PCAP_ERROR_BREAK)
				return BACKEND_END;
			backend_set_error(b, "%s: %s", bp->path,
			    pcap_geterr(bp->pcap));
			return BACKEND_END;
		}
		if (bp->dump != NULL) {
			pcap_dump((u_char *)bp->dump, h, data);
			bp->dump_dirty = true;
		}
		ts = (int64_t)h->ts.tv_sec * COMPAT_NS_PER_SEC +
		    (int64_t)h->ts.tv_usec * (bp->nano ? 1 : 1000);
		if (backend_pcap_decode(b, bp, bp->linktype, ts, data,
		    h->caplen, h->len, seg))
			return BACKEND_SEGMENT;
	}
	/* Caught up: the saved file is complete up to here. */
	backend_pcap_flush(b);
	backend_pcap_live_stats(b, bp);
	if ((bp->polls++ & 15) == 0)
		backend_pcap_check_up(b, bp);
	return BACKEND_AGAIN;
}

static int
backend_pcap_live_fd(struct backend *b)
{
	struct backend_pcap	*bp = b->priv;

	return bp->fd;
}

static const struct backend_class backend_pcap_live_class = {
	.name = "pcap-live",
	.next = backend_pcap_next_live,
	.fd = backend_pcap_live_fd,
	.free = backend_pcap_free,
};

/* The interfaces libpcap can open, as "a, b, c" (caller frees). */
static char *
backend_pcap_names(void)
{
	pcap_if_t	*all = NULL, *d;
	char		 errbuf[PCAP_ERRBUF_SIZE];
	char		*s = NULL, *t;

	if (pcap_findalldevs(&all, errbuf) != 0 || all == NULL)
		return xstrdup("(none found)");
	for (d = all; d != NULL; d = d->next) {
		if (s == NULL)
			s = xstrdup(d->name);
		else {
			xasprintf(&t, "%s, %s", s, d->name);
			free(s);
			s = t;
		}
	}
	pcap_freealldevs(all);
	return s;
}

int
backend_pcap_list_interfaces(FILE *out, char **err)
{
	pcap_if_t	*all = NULL, *d;
	char		 errbuf[PCAP_ERRBUF_SIZE];
	int		 i = 0;

	*err = NULL;
	if (pcap_findalldevs(&all, errbuf) != 0) {
		xasprintf(err, "cannot list interfaces: %s", errbuf);
		return -1;
	}
	for (d = all; d != NULL; d = d->next) {
		fprintf(out, "%d.%s", ++i, d->name);
		if (d->description != NULL)
			fprintf(out, " (%s)", d->description);
		if (d->flags & PCAP_IF_LOOPBACK)
			fprintf(out, " [loopback]");
		if (!(d->flags & PCAP_IF_UP))
			fprintf(out, " [down]");
		fputc('\n', out);
	}
	pcap_freealldevs(all);
	if (i == 0)
		fprintf(out, "(no interfaces: capturing may need root)\n");
	return 0;
}

/* The one line that says how to get permission to capture. */
static void
backend_pcap_perm_error(char **err, const char *iface, const char *why)
{
	xasprintf(err, "%s: no permission to capture (%s); run it as root "
	    "('sudo tcpviz -i %s ...'), or let it capture as you: "
	    "'sudo setcap cap_net_raw,cap_net_admin=eip \"$(command -v "
	    "tcpviz)\"'", iface, why, iface);
}

struct backend *
backend_pcap_open_live(const struct backend_pcap_live *cfg, char **err,
    int *exit_code)
{
	struct backend		*b;
	struct backend_pcap	*bp;
	struct bpf_program	 prog;
	char			 errbuf[PCAP_ERRBUF_SIZE];
	char			*names;
	bpf_u_int32		 net = 0, mask = PCAP_NETMASK_UNKNOWN;
	int			 rc;

	*err = NULL;
	*exit_code = 1;
	b = xcalloc(1, sizeof *b);
	bp = xcalloc(1, sizeof *bp);
	b->cls = &backend_pcap_live_class;
	b->priv = bp;
	b->live = true;
	bp->live = true;
	bp->fd = -1;
	bp->path = xstrdup(cfg->iface);
	bp->ifsock = strcmp(cfg->iface, "any") == 0 ? -1 :
	    socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	errbuf[0] = '\0';
	if ((bp->pcap = pcap_create(cfg->iface, errbuf)) == NULL) {
		xasprintf(err, "%s: %s", cfg->iface, errbuf);
		goto fail;
	}
	(void)pcap_set_snaplen(bp->pcap, cfg->snaplen);
	(void)pcap_set_promisc(bp->pcap, 0);
	(void)pcap_set_immediate_mode(bp->pcap, 1);
	(void)pcap_set_buffer_size(bp->pcap, cfg->buffer_kib * 1024);
	(void)pcap_set_tstamp_precision(bp->pcap, PCAP_TSTAMP_PRECISION_NANO);
	rc = pcap_activate(bp->pcap);
	if (rc == PCAP_ERROR_PERM_DENIED) {
		backend_pcap_perm_error(err, cfg->iface,
		    pcap_geterr(bp->pcap));
		goto fail;
	}
	if (rc == PCAP_ERROR_NO_SUCH_DEVICE) {
		names = backend_pcap_names();
		xasprintf(err, "%s: no such interface; the interfaces are: %s "
		    "(tcpviz -D lists them)", cfg->iface, names);
		free(names);
		goto fail;
	}
	if (rc == PCAP_ERROR_IFACE_NOT_UP) {
		xasprintf(err, "%s: the interface is down ('ip link set %s up' "
		    "brings it up)", cfg->iface, cfg->iface);
		goto fail;
	}
	if (rc < 0) {
		const char	*msg = pcap_geterr(bp->pcap);

		if (rc == PCAP_ERROR && (strstr(msg, "ermission") != NULL ||
		    strstr(msg, "not permitted") != NULL))
			backend_pcap_perm_error(err, cfg->iface, msg);
		else
			xasprintf(err, "%s: cannot capture: %s", cfg->iface,
			    msg[0] != '\0' ? msg : pcap_statustostr(rc));
		goto fail;
	}
	if (rc > 0)
		log_warnx("%s: %s", cfg->iface, pcap_geterr(bp->pcap)[0] !=
		    '\0' ? pcap_geterr(bp->pcap) : pcap_statustostr(rc));

	/* "any": the richer cooked header, when libpcap offers it. */
	if (pcap_datalink(bp->pcap) == DLT_LINUX_SLL)
		(void)pcap_set_datalink(bp->pcap, DLT_LINUX_SLL2);
	bp->linktype = pcap_datalink(bp->pcap);
	bp->nano = pcap_get_tstamp_precision(bp->pcap) ==
	    PCAP_TSTAMP_PRECISION_NANO;
	if (!parse_linktype_supported(bp->linktype)) {
		const char *lname = pcap_datalink_val_to_name(bp->linktype);

		xasprintf(err, "%s: link type %d (%s) is not supported; try "
		    "-i any", cfg->iface, bp->linktype,
		    lname != NULL ? lname : "unknown");
		goto fail;
	}

	if (cfg->filter != NULL && *cfg->filter != '\0') {
		if (pcap_lookupnet(cfg->iface, &net, &mask, errbuf) != 0)
			mask = PCAP_NETMASK_UNKNOWN;
		if (pcap_compile(bp->pcap, &prog, cfg->filter, 1, mask) != 0) {
			xasprintf(err, "bad filter expression '%.60s%s': %s",
			    cfg->filter, strlen(cfg->filter) > 60 ? "..." : "",
			    pcap_geterr(bp->pcap));
			*exit_code = 2;
			goto fail;
		}
		rc = pcap_setfilter(bp->pcap, &prog);
		pcap_freecode(&prog);
		if (rc != 0) {
			xasprintf(err, "%s: cannot set the filter: %s",
			    cfg->iface, pcap_geterr(bp->pcap));
			goto fail;
		}
	}
	if (pcap_setnonblock(bp->pcap, 1, errbuf) != 0) {
		xasprintf(err, "%s: %s", cfg->iface, errbuf);
		goto fail;
	}
	bp->fd = pcap_get_selectable_fd(bp->pcap);
	if (bp->fd < 0) {
		xasprintf(err, "%s: the capture cannot be polled", cfg->iface);
		goto fail;
	}
	return b;

fail:
	backend_free(b);
	return NULL;
}

int
backend_pcap_dump_open(struct backend *b, const char *path, char **err)
{
	struct backend_pcap	*bp = b->priv;

	*err = NULL;
	if (bp == NULL || !bp->live) {
		xasprintf(err, "%s: only a live capture can be saved", path);
		return -1;
	}
	if ((bp->dump = pcap_dump_open(bp->pcap, path)) == NULL) {
		xasprintf(err, "%s: %s", path, pcap_geterr(bp->pcap));
		return -1;
	}
	bp->dump_path = xstrdup(path);
	/* The header is on disk at once: the file is valid from the start. */
	(void)pcap_dump_flush(bp->dump);
	return 0;
}

int
backend_pcap_flush(struct backend *b)
{
	struct backend_pcap	*bp = b->priv;

	if (bp == NULL || bp->dump == NULL || !bp->dump_dirty)
		return 0;
	bp->dump_dirty = false;
	if (pcap_dump_flush(bp->dump) != 0) {
		backend_set_error(b, "%s: writing the saved capture failed: "
		    "%s", bp->dump_path, strerror(errno));
		return -1;
	}
	return 0;
}
