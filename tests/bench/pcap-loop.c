/*
 * pcap-loop.c: the baseline for tests/bench/bench.sh: the least any reader
 * of a classic pcap file can do, libpcap's read loop touching every
 * packet once. Prints the packet count.
 */
#include "config.h"

#include <pcap.h>
#include <stdint.h>
#include <stdio.h>

int
main(int argc, char **argv)
{
	char			 err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr	*h;
	const u_char		*data;
	pcap_t			*p;
	uint64_t		 n = 0, sum = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: pcap-loop FILE\n");
		return 2;
	}
	if ((p = pcap_open_offline(argv[1], err)) == NULL) {
		fprintf(stderr, "pcap-loop: %s\n", err);
		return 1;
	}
	while (pcap_next_ex(p, &h, &data) == 1) {
		n++;
		sum += h->caplen > 0 ? data[h->caplen - 1] : 0;
	}
	pcap_close(p);
	printf("%llu packets (%llu)\n", (unsigned long long)n,
	    (unsigned long long)(sum & 1));
	return 0;
}
