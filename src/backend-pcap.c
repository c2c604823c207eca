/*
 * backend-pcap.c: capture files through libpcap (classic pcap) and our own
 * pcapng reader (pcapng.c), with BPF filters compiled by libpcap. Layer 2a:
 * the only file that includes pcap.h; knows nothing of engine or views.
 *
 * Frame numbers count every record in the file, filtered or not, so they
 * match Wireshark's frame.number.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend-pcap.h"
#include "log.h"
#include "parse.h"
#include "pcapng.h"
#include "xmalloc.h"

#define BACKEND_PCAP_FILTERS	8	/* link types with a compiled filter */
#define BACKEND_PCAP_SNAPLEN	262144

struct backend_pcap_filter {
	int			linktype;
	bool			ok;		/* compiled for this link type */
	bool			warned;
	struct bpf_program	prog;
};

struct backend_pcap {
	char				*path;
	FILE				*fp;
	pcap_t				*pcap;		/* classic pcap */
	struct pcapng_reader		*ng;		/* pcapng */
	int				 linktype;	/* classic pcap */
	char				*filter;
	struct backend_pcap_filter	 filters[BACKEND_PCAP_FILTERS];
	size_t				 nfilters;
	uint64_t			 frame;
	bool				 warned_link;
};

/* State for replaying the magic bytes in front of a pipe. */
struct backend_pcap_cookie {
	FILE	*fp;
	uint8_t	 pre[4];
	size_t	 npre;
	size_t	 pos;
};

static ssize_t
backend_pcap_cookie_read(void *arg, char *buf, size_t size)
{
	struct backend_pcap_cookie	*c = arg;
	size_t				 n = 0;

	while (c->pos < c->npre && n < size)
		buf[n++] = (char)c->pre[c->pos++];
	if (n < size)
		n += fread(buf + n, 1, size - n, c->fp);
	return (ssize_t)n;
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
	return true;
}

/* Next segment from a classic pcap file, through libpcap. */
static enum backend_next
backend_pcap_next_classic(struct backend *b, struct backend_pcap *bp,
    struct event_segment *seg)
{
	struct pcap_pkthdr	*h;
	const u_char		*data;
	int			 rc;
	int64_t			 ts;

	for (;;) {
		rc = pcap_next_ex(bp->pcap, &h, &data);
		if (rc == PCAP_ERROR_BREAK)
			return BACKEND_END;
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
		switch (pcapng_next(bp->ng, &rec)) {
		case PCAPNG_RECORD:
			break;
		case PCAPNG_END:
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
	if (bp->pcap != NULL)
		pcap_close(bp->pcap);	/* closes its stream */
	else if (bp->fp != NULL && bp->fp != stdin)
		fclose(bp->fp);
	pcapng_free(bp->ng);
	free(bp->filter);
	free(bp->path);
	free(bp);
	b->priv = NULL;
}

static const struct backend_class backend_pcap_file_class = {
	.name = "pcap-file",
	.next = backend_pcap_next,
	.fd = backend_pcap_fd,
	.free = backend_pcap_free,
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
	struct stat	 st;

	*err = NULL;
	*exit_code = 1;
	if (strcmp(path, "-") == 0)
		return backend_pcap_open_stream(stdin, "(stdin)", filter, err,
		    exit_code);
	if ((fp = fopen(path, "rb")) == NULL) {
		xasprintf(err, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		xasprintf(err, "%s: is a directory, not a capture file", path);
		fclose(fp);
		return NULL;
	}
	return backend_pcap_open_stream(fp, path, filter, err, exit_code);
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
			    "BSD loopback and raw IP captures", name,
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
			xasprintf(err, "bad filter expression '%s': %s",
			    bp->filter, errbuf);
			*exit_code = 2;
			goto fail;
		}
	}
	return b;

fail:
	backend_free(b);
	return NULL;
}
