/*
 * test-pcapng.c: the pcapng reader (pcapng.c) on files built in memory:
 * both byte orders, several interfaces with different link types,
 * timestamp resolutions, every packet block kind, hostile lengths, and the
 * same file cut at every byte offset.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "pcapng.h"

/* A growing byte buffer that writes in one byte order. */
struct buf {
	uint8_t	 b[4096];
	size_t	 n;
	bool	 be;
};

static void
put8(struct buf *w, uint8_t v)
{
	assert_true(w->n < sizeof w->b);
	w->b[w->n++] = v;
}

static void
put16(struct buf *w, uint16_t v)
{
	if (w->be) {
		put8(w, (uint8_t)(v >> 8));
		put8(w, (uint8_t)v);
	} else {
		put8(w, (uint8_t)v);
		put8(w, (uint8_t)(v >> 8));
	}
}

static void
put32(struct buf *w, uint32_t v)
{
	if (w->be) {
		put16(w, (uint16_t)(v >> 16));
		put16(w, (uint16_t)v);
	} else {
		put16(w, (uint16_t)v);
		put16(w, (uint16_t)(v >> 16));
	}
}

/* Start a block; returns where its length goes. */
static size_t
block_start(struct buf *w, uint32_t type)
{
	size_t	at = w->n;

	put32(w, type);
	put32(w, 0);
	return at;
}

/* Pad to 4, write the trailing length and patch the leading one. */
static void
block_end(struct buf *w, size_t at)
{
	uint32_t	len;
	struct buf	tmp;

	while ((w->n - at) % 4 != 0)
		put8(w, 0);
	len = (uint32_t)(w->n - at + 4);
	put32(w, len);
	tmp.be = w->be;
	tmp.n = 0;
	put32(&tmp, len);
	memcpy(w->b + at + 4, tmp.b, 4);
}

static void
shb(struct buf *w, uint16_t major, uint16_t minor)
{
	size_t	at = block_start(w, PCAPNG_MAGIC_SHB);

	put32(w, 0x1a2b3c4d);
	put16(w, major);
	put16(w, minor);
	put32(w, 0xffffffff);
	put32(w, 0xffffffff);
	block_end(w, at);
}

/* IDB with an optional if_tsresol option (0: none). */
static void
idb(struct buf *w, uint16_t linktype, uint32_t snaplen, uint8_t tsresol)
{
	size_t	at = block_start(w, 1);

	put16(w, linktype);
	put16(w, 0);
	put32(w, snaplen);
	if (tsresol != 0) {
		put16(w, 9);
		put16(w, 1);
		put8(w, tsresol);
		put8(w, 0); put8(w, 0); put8(w, 0);
		put16(w, 0);
		put16(w, 0);
	}
	block_end(w, at);
}

static void
epb(struct buf *w, uint32_t iface, uint64_t ts, const char *data,
    uint32_t wirelen)
{
	size_t		at = block_start(w, 6);
	uint32_t	n = (uint32_t)strlen(data);

	put32(w, iface);
	put32(w, (uint32_t)(ts >> 32));
	put32(w, (uint32_t)ts);
	put32(w, n);
	put32(w, wirelen);
	for (size_t i = 0; i < n; i++)
		put8(w, (uint8_t)data[i]);
	block_end(w, at);
}

static void
spb(struct buf *w, const char *data)
{
	size_t		at = block_start(w, 3);
	uint32_t	n = (uint32_t)strlen(data);

	put32(w, n);
	for (size_t i = 0; i < n; i++)
		put8(w, (uint8_t)data[i]);
	block_end(w, at);
}

/* An unknown block type with some body: must be skipped. */
static void
unknown_block(struct buf *w)
{
	size_t	at = block_start(w, 0x0bad);

	put32(w, 0x12345678);
	block_end(w, at);
}

/* Open the buffer as a stream the way backend-pcap does (magic consumed). */
static struct pcapng_reader *
open_buf(uint8_t *p, size_t n, FILE **fpp)
{
	FILE	*fp;
	uint8_t	 magic[4];

	fp = fmemopen(p, n, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(magic, 1, 4, fp), 4);
	*fpp = fp;
	return pcapng_open(fp);
}

/* A file with two interfaces of different link types, in one byte order. */
static void
build_mixed(struct buf *w, bool be)
{
	memset(w, 0, sizeof *w);
	w->be = be;
	shb(w, 1, 0);
	idb(w, 1, 65535, 0);		/* Ethernet, microseconds */
	idb(w, 113, 8192, 9);		/* SLL, nanoseconds */
	unknown_block(w);
	epb(w, 0, UINT64_C(1700000000123456), "abcd", 60);
	epb(w, 1, UINT64_C(1700000000987654321), "efghij", 6);
	spb(w, "xyz");
}

static void
check_mixed(bool be)
{
	struct buf		 w;
	struct pcapng_reader	*r;
	struct pcapng_record	 rec;
	FILE			*fp;

	build_mixed(&w, be);
	r = open_buf(w.b, w.n, &fp);
	assert_int_equal(pcapng_next(r, &rec), PCAPNG_RECORD);
	assert_int_equal(rec.linktype, 1);
	assert_int_equal(rec.caplen, 4);
	assert_int_equal(rec.wirelen, 60);
	assert_memory_equal(rec.data, "abcd", 4);
	assert_true(rec.ts_ns == INT64_C(1700000000123456000));
	assert_int_equal(pcapng_next(r, &rec), PCAPNG_RECORD);
	assert_int_equal(rec.linktype, 113);
	assert_int_equal(rec.iface, 1);
	assert_true(rec.ts_ns == INT64_C(1700000000987654321));
	assert_int_equal(pcapng_next(r, &rec), PCAPNG_RECORD);
	assert_false(rec.has_ts);
	assert_int_equal(rec.caplen, 3);
	assert_int_equal(pcapng_first_linktype(r), 1);
	assert_int_equal(pcapng_next(r, &rec), PCAPNG_END);
	pcapng_free(r);
	fclose(fp);
}

static void
test_mixed_le(void **state)
{
	(void)state;
	check_mixed(false);
}

static void
test_mixed_be(void **state)
{
	(void)state;
	check_mixed(true);
}

/* if_tsresol with bit 7 set: the unit is 2^-v seconds. */
static void
test_tsresol_pow2(void **state)
{
	struct buf		 w;
	struct pcapng_reader	*r;
	struct pcapng_record	 rec;
	FILE			*fp;

	(void)state;
	memset(&w, 0, sizeof w);
	shb(&w, 1, 0);
	idb(&w, 101, 0, 0x80 | 10);	/* 1/1024 s */
	epb(&w, 0, (UINT64_C(5) << 10) | 512, "q", 1);	/* 5.5 s */
	r = open_buf(w.b, w.n, &fp);
	assert_int_equal(pcapng_next(r, &rec), PCAPNG_RECORD);
	assert_true(rec.ts_ns == INT64_C(5500000000));
	pcapng_free(r);
	fclose(fp);
}

/* A second section resets the interfaces and may switch byte order. */
static void
test_two_sections(void **state)
{
	struct buf		 w, w2;
	struct pcapng_reader	*r;
	struct pcapng_record	 rec;
	FILE			*fp;

	(void)state;
	memset(&w, 0, sizeof w);
	shb(&w, 1, 0);
	idb(&w, 1, 0, 0);
	epb(&w, 0, 1, "a", 1);
	memset(&w2, 0, sizeof w2);
	w2.be = true;
	shb(&w2, 1, 0);
	idb(&w2, 0, 0, 0);
	epb(&w2, 0, 2, "b", 1);
	epb(&w2, 1, 3, "c", 1);		/* no interface 1: skipped */
	memcpy(w.b + w.n, w2.b, w2.n);
	w.n += w2.n;
	r = open_buf(w.b, w.n, &fp);
	assert_int_equal(pcapng_next(r, &rec), PCAPNG_RECORD);
	assert_int_equal(rec.linktype, 1);
	assert_int_equal(pcapng_next(r, &rec), PCAPNG_RECORD);
	assert_int_equal(rec.linktype, 0);
	assert_memory_equal(rec.data, "b", 1);
	assert_int_equal(pcapng_next(r, &rec), PCAPNG_END);
	pcapng_free(r);
	fclose(fp);
}

/* Versions other than 1.0 and 1.2 are refused, with the offset. */
static void
test_bad_version(void **state)
{
	struct buf		 w;
	struct pcapng_reader	*r;
	struct pcapng_record	 rec;
	FILE			*fp;

	(void)state;
	memset(&w, 0, sizeof w);
	shb(&w, 1, 1);
	r = open_buf(w.b, w.n, &fp);
	assert_int_equal(pcapng_next(r, &rec), PCAPNG_ERROR);
	assert_non_null(strstr(pcapng_error(r), "version 1.1"));
	assert_non_null(strstr(pcapng_error(r), "offset 0"));
	pcapng_free(r);
	fclose(fp);
}

/* Lengths that lie: not a multiple of 4, too small, a mismatched trailer. */
static void
test_bad_lengths(void **state)
{
	struct buf		 w;
	struct pcapng_reader	*r;
	struct pcapng_record	 rec;
	FILE			*fp;
	size_t			 at;

	(void)state;
	memset(&w, 0, sizeof w);
	shb(&w, 1, 0);
	idb(&w, 1, 0, 0);
	at = w.n;
	epb(&w, 0, 1, "abcd", 4);
	w.b[at + 4] ^= 1;		/* leading length now odd */
	r = open_buf(w.b, w.n, &fp);
	assert_int_equal(pcapng_next(r, &rec), PCAPNG_ERROR);
	assert_non_null(strstr(pcapng_error(r), "bad block length"));
	pcapng_free(r);
	fclose(fp);

	w.b[at + 4] ^= 1;
	w.b[w.n - 4] ^= 4;		/* trailing length differs */
	r = open_buf(w.b, w.n, &fp);
	assert_int_equal(pcapng_next(r, &rec), PCAPNG_ERROR);
	assert_non_null(strstr(pcapng_error(r), "trailing length"));
	pcapng_free(r);
	fclose(fp);
}

/* An EPB whose caplen claims more than its block holds is clipped. */
static void
test_caplen_clipped(void **state)
{
	struct buf		 w;
	struct pcapng_reader	*r;
	struct pcapng_record	 rec;
	FILE			*fp;
	size_t			 at;

	(void)state;
	memset(&w, 0, sizeof w);
	shb(&w, 1, 0);
	idb(&w, 1, 0, 0);
	at = w.n;
	epb(&w, 0, 1, "abcd", 4);
	w.b[at + 20] = 0xff;		/* caplen (LE low byte) = 255 */
	r = open_buf(w.b, w.n, &fp);
	assert_int_equal(pcapng_next(r, &rec), PCAPNG_RECORD);
	/* Never more than the block's body (data + padding). */
	assert_true(rec.caplen <= 4);
	pcapng_free(r);
	fclose(fp);
}

/*
 * Cut the file at every offset: every complete record before the cut is
 * returned, then CUT (or END at a block boundary); never a partial record.
 */
static void
test_cut_everywhere(void **state)
{
	struct buf		 w;
	struct pcapng_reader	*r;
	struct pcapng_record	 rec;
	FILE			*fp;
	size_t			 cut, records, full = 3;
	enum pcapng_next	 rc;

	(void)state;
	build_mixed(&w, false);
	for (cut = 4; cut < w.n; cut++) {
		uint8_t	*copy = malloc(cut);

		memcpy(copy, w.b, cut);
		r = open_buf(copy, cut, &fp);
		records = 0;
		while ((rc = pcapng_next(r, &rec)) == PCAPNG_RECORD) {
			assert_true(rec.caplen <= cut);
			records++;
		}
		assert_true(records < full);
		assert_true(rc == PCAPNG_CUT || rc == PCAPNG_END);
		pcapng_free(r);
		fclose(fp);
		free(copy);
	}
}

/* Flip every byte through a few values: no crash, no read out of bounds. */
static void
test_mutations(void **state)
{
	struct buf		 w;
	struct pcapng_reader	*r;
	struct pcapng_record	 rec;
	FILE			*fp;
	static const uint8_t	 vals[] = { 0x00, 0xff, 0x7f, 0x80, 0x01 };
	size_t			 i, v, guard;

	(void)state;
	build_mixed(&w, true);
	for (i = 4; i < w.n; i++) {
		for (v = 0; v < sizeof vals; v++) {
			uint8_t	copy[sizeof w.b];

			memcpy(copy, w.b, w.n);
			copy[i] = vals[v];
			r = open_buf(copy, w.n, &fp);
			for (guard = 0; guard < 100; guard++) {
				if (pcapng_next(r, &rec) != PCAPNG_RECORD)
					break;
				/* Touch every byte: ASan checks the bounds. */
				for (uint32_t k = 0; k < rec.caplen; k++)
					(void)*(volatile const uint8_t *)
					    &rec.data[k];
			}
			assert_true(guard < 100);
			pcapng_free(r);
			fclose(fp);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mixed_le),
		cmocka_unit_test(test_mixed_be),
		cmocka_unit_test(test_tsresol_pow2),
		cmocka_unit_test(test_two_sections),
		cmocka_unit_test(test_bad_version),
		cmocka_unit_test(test_bad_lengths),
		cmocka_unit_test(test_caplen_clipped),
		cmocka_unit_test(test_cut_everywhere),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
