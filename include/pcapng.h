/*
 * pcapng.h: a streaming reader for pcapng files. Layer 2a (no pcap.h).
 *
 * libpcap 1.10 refuses a pcapng file whose interfaces differ in link type or
 * snapshot length ("an interface has a type 113 different from the type of
 * the first interface"); such files are common (Wireshark on "any" with
 * several interfaces), so tcpviz reads pcapng itself and hands each record
 * its own link type. Classic pcap still goes through libpcap.
 *
 * The reader works on a stream (a pipe is fine), keeps one block in memory
 * (at most PCAPNG_BLOCK_MAX bytes) and checks every length it reads.
 */
#ifndef TCPVIZ_PCAPNG_H
#define TCPVIZ_PCAPNG_H

#include <stdio.h>

#include "compat.h"

#define PCAPNG_MAGIC_SHB	0x0a0d0d0au
#define PCAPNG_BLOCK_MAX	(16u * 1024 * 1024)
#define PCAPNG_IFACE_MAX	4096

struct pcapng_record {
	int		 linktype;
	uint32_t	 iface;
	int64_t		 ts_ns;		/* ns since the epoch */
	bool		 has_ts;	/* false for Simple Packet Blocks */
	uint32_t	 caplen;
	uint32_t	 wirelen;
	const uint8_t	*data;		/* valid until the next call */
};

enum pcapng_next {
	PCAPNG_RECORD,
	PCAPNG_END,		/* clean end of file */
	PCAPNG_CUT,		/* file ends inside a block */
	PCAPNG_ERROR		/* corrupt: pcapng_error() says what */
};

struct pcapng_reader;

/*
 * Start reading a pcapng stream whose first 4 bytes (the SHB block type)
 * the caller has already read. A bad section header is reported by the
 * first pcapng_next() call.
 */
struct pcapng_reader *pcapng_open(FILE *fp);
enum pcapng_next pcapng_next(struct pcapng_reader *, struct pcapng_record *);
const char	*pcapng_error(const struct pcapng_reader *);
uint64_t	 pcapng_offset(const struct pcapng_reader *);
/* First interface's link type, or -1 before any IDB. */
int		 pcapng_first_linktype(const struct pcapng_reader *);
void		 pcapng_free(struct pcapng_reader *);

/*
 * Seeking, for re-reading a seekable file: the interfaces and byte order
 * in force at the current offset change only at an SHB or IDB (each bumps
 * the generation). A snapshot keeps them (it reads nothing); restore puts
 * them into another reader on the same file and moves it to off, an
 * offset pcapng_offset() gave when the snapshot was taken.
 */
uint64_t	 pcapng_generation(const struct pcapng_reader *);
struct pcapng_reader *pcapng_snapshot(const struct pcapng_reader *);
bool		 pcapng_restore(struct pcapng_reader *,
		    const struct pcapng_reader *snap, uint64_t off);

#endif
