/*
 * test-engine.c: the state engine, table-driven. Each row is a list of
 * steps (segments in segbuild.h's text form, application calls "A:CLOSE",
 * "wait N" ms of capture time) and the transitions expected in output
 * order, "A FROM TO EDGE [@ms]" ("-" for none; @ms is checked when given,
 * in ms after the start). Every edge E01-E23 appears in some row.
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

#include "conn.h"
#include "engine.h"
#include "fsm.h"
#include "segbuild.h"

#define T0		(INT64_C(1700000000) * COMPAT_NS_PER_SEC)
#define MS		INT64_C(1000000)
#define MAXSTEPS	32

struct engine_case {
	const char	*name;
	const char	*steps[MAXSTEPS];
	const char	*want[MAXSTEPS];
};

/* Rows named "simulator: ..." feed simulator segments (10 ms in flight). */
#define SIM_PREFIX	"simulator:"

/* The handshake most rows start with, and what it must give. */
#define HS \
	"A>B SYN seq=100", \
	"B>A SYN,ACK seq=500 ack=101", \
	"A>B ACK seq=101 ack=501"
#define HS_WANT \
	"A CLOSED SYN_SENT E02 @1", \
	"B CLOSED LISTEN E01 @1", \
	"B LISTEN SYN_RCVD E03 @1", \
	"A SYN_SENT ESTABLISHED E07 @2", \
	"B SYN_RCVD ESTABLISHED E09 @3"

/* After HS: the server closes, the client 100 ms later: B in TIME_WAIT. */
#define SERVER_TW \
	"B>A FIN,ACK seq=501 ack=101 +100", \
	"A>B ACK seq=101 ack=502", \
	"A>B FIN,ACK seq=101 ack=502 +100", \
	"B>A ACK seq=502 ack=102"
#define SERVER_TW_WANT \
	"B ESTABLISHED FIN_WAIT_1 E12 @103", \
	"A ESTABLISHED CLOSE_WAIT E13 @103", \
	"B FIN_WAIT_1 FIN_WAIT_2 E14 @104", \
	"A CLOSE_WAIT LAST_ACK E19 @204", \
	"B FIN_WAIT_2 TIME_WAIT E17 @204", \
	"A LAST_ACK CLOSED E20 @205"

static const struct engine_case cases[] = {
	{ "handshake, client closes first (E12 E13 E14 E19 E17 E20)",
	  { HS,
	    "A>B FIN,ACK seq=101 ack=501",
	    "B>A ACK seq=501 ack=102",
	    "B>A FIN,ACK seq=501 ack=102",
	    "A>B ACK seq=102 ack=502" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @4",
	    "B ESTABLISHED CLOSE_WAIT E13 @4",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @5",
	    "B CLOSE_WAIT LAST_ACK E19 @6",
	    "A FIN_WAIT_2 TIME_WAIT E17 @6",
	    "B LAST_ACK CLOSED E20 @7" } },
	{ "FIN,ACK acks our FIN (E16), then 2*MSL (E21)",
	  { HS,
	    "A>B FIN,ACK seq=101 ack=501",
	    "B>A FIN,ACK seq=501 ack=102",
	    "A>B ACK seq=102 ack=502",
	    "wait 61000" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @4",
	    "B ESTABLISHED CLOSE_WAIT E13 @4",
	    "B CLOSE_WAIT LAST_ACK E19 @5",
	    "A FIN_WAIT_1 TIME_WAIT E16 @5",
	    "B LAST_ACK CLOSED E20 @6",
	    "A TIME_WAIT CLOSED E21 @60005" } },
	{ "simultaneous open (E06, E09 on both)",
	  { "A>B SYN seq=100",
	    "B>A SYN seq=500",
	    "A>B SYN,ACK seq=100 ack=501",
	    "B>A SYN,ACK seq=500 ack=101",
	    "A>B ACK seq=101 ack=501",
	    "B>A ACK seq=501 ack=101" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED SYN_SENT E02 @2",
	    "A SYN_SENT SYN_RCVD E06 @2",
	    "B SYN_SENT SYN_RCVD E06 @2",
	    "B SYN_RCVD ESTABLISHED E09 @3",
	    "A SYN_RCVD ESTABLISHED E09 @4" } },
	{ "simultaneous close (E15, E18 on both)",
	  { HS,
	    "A>B FIN,ACK seq=101 ack=501",
	    "B>A FIN,ACK seq=501 ack=101",
	    "A>B ACK seq=102 ack=502",
	    "B>A ACK seq=502 ack=102" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @4",
	    "B ESTABLISHED FIN_WAIT_1 E12 @5",
	    "A FIN_WAIT_1 CLOSING E15 @5",
	    "B FIN_WAIT_1 CLOSING E15 @5",
	    "B CLOSING TIME_WAIT E18 @6",
	    "A CLOSING TIME_WAIT E18 @7" } },
	{ "RST abort: sender E22 observed, receiver E22",
	  { HS,
	    "A>B RST,ACK seq=101 ack=501" },
	  { HS_WANT,
	    "A ESTABLISHED CLOSED E22 @4",
	    "B ESTABLISHED CLOSED E22 @4" } },
	{ "SYN to a closed port (E08); no server lines",
	  { "A>B SYN seq=100",
	    "B>A RST,ACK seq=0 ack=101" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "A SYN_SENT CLOSED E08 @2" } },
	{ "SYN into the void: nothing for the server",
	  { "A>B SYN seq=100",
	    "A>B SYN seq=100 +1000" },
	  { "A CLOSED SYN_SENT E02 @1" } },
	{ "RST,ACK after an acceptable SYN,ACK: the client aborts, E11 at B",
	  { "A>B SYN seq=100",
	    "B>A SYN,ACK seq=500 ack=101",
	    "A>B RST,ACK seq=101 ack=501" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1",
	    "B LISTEN SYN_RCVD E03 @1",
	    "A SYN_SENT ESTABLISHED E07 @2",
	    "A ESTABLISHED CLOSED E22 @3",
	    "B SYN_RCVD LISTEN E11 @3" } },
	{ "a bare RST at the SYN,ACK's ACK, never ACKed: the answer to an "
	  "unacceptable ACK (the SYN was an old duplicate); the next SYN is "
	  "the client's",
	  { "A>B SYN seq=90",
	    "B>A SYN,ACK seq=500 ack=91",
	    "A>B RST seq=91",
	    "A>B SYN seq=1000 +100",
	    "B>A SYN,ACK seq=700 ack=1001",
	    "A>B ACK seq=1001 ack=701" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1",
	    "B LISTEN SYN_RCVD E03 @1",
	    "B SYN_RCVD LISTEN E11 @3",
	    "B LISTEN SYN_RCVD E03 @103",
	    "A SYN_SENT ESTABLISHED E07 @104",
	    "B SYN_RCVD ESTABLISHED E09 @105" } },
	{ "old duplicate SYN: the RST from SYN_SENT is no abort; E11, E03",
	  { "A>B SYN seq=1000",
	    "A>B SYN seq=90",
	    "B>A SYN,ACK seq=500 ack=91",
	    "A>B RST seq=91",
	    "B>A SYN,ACK seq=700 ack=1001",
	    "A>B ACK seq=1001 ack=701" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @2",
	    "B LISTEN SYN_RCVD E03 @2",
	    "B SYN_RCVD LISTEN E11 @4",
	    "B LISTEN SYN_RCVD E03 @5",
	    "A SYN_SENT ESTABLISHED E07 @5",
	    "B SYN_RCVD ESTABLISHED E09 @6" } },
	{ "RST in an actively opened SYN_RCVD (E23)",
	  { "A>B SYN seq=100",
	    "B>A SYN seq=500",
	    "A>B SYN,ACK seq=100 ack=501",
	    "B>A RST seq=501" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED SYN_SENT E02 @2",
	    "A SYN_SENT SYN_RCVD E06 @2",
	    "B SYN_SENT SYN_RCVD E06 @2",
	    "B SYN_RCVD CLOSED E22 @4",
	    "A SYN_RCVD CLOSED E23 @4" } },
	{ "application calls: LISTEN then SEND (E01, E04)",
	  { "B:LISTEN", "B:SEND" },
	  { "B CLOSED LISTEN E01 @1",
	    "B LISTEN SYN_SENT E04 @2" } },
	{ "application calls: LISTEN then CLOSE (E05)",
	  { "B:LISTEN", "B:CLOSE" },
	  { "B CLOSED LISTEN E01 @1",
	    "B LISTEN CLOSED E05 @2" } },
	{ "CLOSE in SYN_RCVD (E10)",
	  { "B:LISTEN",
	    "A>B SYN seq=100",
	    "B>A SYN,ACK seq=500 ack=101",
	    "B:CLOSE",
	    "B>A FIN,ACK seq=501 ack=101" },
	  { "B CLOSED LISTEN E01 @1",
	    "A CLOSED SYN_SENT E02 @2",
	    "B LISTEN SYN_RCVD E03 @2",
	    "A SYN_SENT ESTABLISHED E07 @3",
	    "B SYN_RCVD FIN_WAIT_1 E10 @4",
	    "A ESTABLISHED CLOSE_WAIT E13 @5" } },
	{ "connect() then ABORT in SYN_SENT (E02, E08) by application",
	  { "A:CONNECT", "A:ABORT" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "A SYN_SENT CLOSED E08 @2" } },
	{ "SYN retries run out: connect() gave up (E08, inferred) once the "
	  "next retry is overdue (RFC 6298 5.5 backoff; the margin: 200 ms "
	  "and an eighth of the 4 s wait)",
	  { "A>B SYN seq=100",
	    "A>B SYN seq=100 +1000",
	    "A>B SYN seq=100 +2000",
	    "wait 4800" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "A SYN_SENT CLOSED E08? @7001" } },
	{ "a SYN retry 100 ms late is a retry, not a give-up (its 4.1 s gap "
	  "is the 4 s RTO plus slack: next due 8 s later)",
	  { "A>B SYN seq=100",
	    "A>B SYN seq=100 +1000",
	    "A>B SYN seq=100 +2000",
	    "A>B SYN seq=100 +4100",
	    "wait 9500" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "A SYN_SENT CLOSED E08? @15101" } },
	{ "SYN,ACK sent again and again, never ACKed: the SYN's sender got "
	  "none (or is spoofed) and stays SYN_SENT; the server drops the "
	  "half-open connection when its next retry is overdue (E22)",
	  { "A>B SYN seq=100",
	    "B>A SYN,ACK seq=500 ack=101 +0",
	    "B>A SYN,ACK seq=500 ack=101 +1000",
	    "B>A SYN,ACK seq=500 ack=101 +2000",
	    "wait 5000" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1",
	    "B LISTEN SYN_RCVD E03 @1",
	    "B SYN_RCVD CLOSED E22? @7001" } },
	{ "SYN,ACK lost before the capture: two SYN,ACKs after the re-sent "
	  "SYN (the answer and Linux's SYN,ACK timer) date SYN_RCVD at the "
	  "first copy; the timer's copy after the first ACK looks like that "
	  "ACK's loss, so E09 at the re-ACK is marked uncertain",
	  { "A>B SYN seq=100",
	    "A>B SYN seq=100 +1000",
	    "B>A SYN,ACK seq=500 ack=101 +1",
	    "A>B ACK seq=101 ack=501",
	    "B>A SYN,ACK seq=500 ack=101",
	    "A>B ACK seq=101 ack=501",
	    "wait 5000" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1",
	    "B LISTEN SYN_RCVD E03 @1",
	    "A SYN_SENT ESTABLISHED E07 @1002",
	    "B SYN_RCVD ESTABLISHED E09? @1005" } },
	{ "one SYN,ACK after the re-sent SYN: only that copy got through",
	  { "A>B SYN seq=100",
	    "A>B SYN seq=100 +1000",
	    "B>A SYN,ACK seq=500 ack=101 +1",
	    "A>B ACK seq=101 ack=501 +1",
	    "wait 5000" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1001",
	    "B LISTEN SYN_RCVD E03? @1001",
	    "A SYN_SENT ESTABLISHED E07 @1002",
	    "B SYN_RCVD ESTABLISHED E09 @1003" } },
	{ "handshake ACKs lost while the SYN,ACK timer backs off past the "
	  "settle window: ESTABLISHED at the ACK that got through (marked "
	  "uncertain: after three lost ACKs only silence says this one made "
	  "it)",
	  { "A>B SYN seq=100",
	    "B>A SYN,ACK seq=500 ack=101",
	    "A>B ACK seq=101 ack=501",
	    "B>A SYN,ACK seq=500 ack=101 +999",
	    "A>B ACK seq=101 ack=501",
	    "B>A SYN,ACK seq=500 ack=101 +2000",
	    "A>B ACK seq=101 ack=501",
	    "B>A SYN,ACK seq=500 ack=101 +4000",
	    "A>B ACK seq=101 ack=501",
	    "wait 9000" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1",
	    "B LISTEN SYN_RCVD E03 @1",
	    "A SYN_SENT ESTABLISHED E07 @2",
	    "B SYN_RCVD ESTABLISHED E09? @7005" } },
	{ "FIN retries run out with no ACK: the TCB is deleted (E22) when "
	  "the next retry is overdue; the FIN's receiver is uncertain",
	  { "A>B SYN seq=100",
	    "B>A SYN,ACK seq=500 ack=101",
	    "A>B ACK seq=101 ack=501",
	    "A>B FIN,ACK seq=101 ack=501 +100",
	    "A>B FIN,ACK seq=101 ack=501 +200",
	    "A>B FIN,ACK seq=101 ack=501 +400",
	    "A>B FIN,ACK seq=101 ack=501 +800",
	    "wait 4000" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1",
	    "B LISTEN SYN_RCVD E03 @1",
	    "A SYN_SENT ESTABLISHED E07 @2",
	    "B SYN_RCVD ESTABLISHED E09 @3",
	    "A ESTABLISHED FIN_WAIT_1 E12 @103",
	    "B ESTABLISHED CLOSE_WAIT E13? @1503",
	    "A FIN_WAIT_1 CLOSED E22? @3103" } },
	{ "a new SYN above RCV.NXT ends the server's TIME_WAIT at once (E21, "
	  "RFC 1122 4.2.2.13)",
	  { HS, SERVER_TW,
	    "A>B SYN seq=9000 +500",
	    "B>A SYN,ACK seq=7000 ack=9001",
	    "A>B ACK seq=9001 ack=7001" },
	  { HS_WANT, SERVER_TW_WANT,
	    "B TIME_WAIT CLOSED E21 @705",
	    "A CLOSED SYN_SENT E02 @705",
	    "B CLOSED LISTEN E01 @705",
	    "B LISTEN SYN_RCVD E03 @705",
	    "A SYN_SENT ESTABLISHED E07 @706",
	    "B SYN_RCVD ESTABLISHED E09 @707" } },
	{ "an old duplicate SYN (not after RCV.NXT, no timestamps) into the "
	  "server's TIME_WAIT: only ACKed, no E02, no new instance; then a "
	  "new SYN ends TIME_WAIT (E21)",
	  { HS, SERVER_TW,
	    "A>B SYN seq=50 +300",
	    "B>A ACK seq=502 ack=102",
	    "A>B SYN seq=9000 +200",
	    "B>A SYN,ACK seq=7000 ack=9001",
	    "A>B ACK seq=9001 ack=7001" },
	  { HS_WANT, SERVER_TW_WANT,
	    "B TIME_WAIT CLOSED E21 @706",
	    "A CLOSED SYN_SENT E02 @706",
	    "B CLOSED LISTEN E01 @706",
	    "B LISTEN SYN_RCVD E03 @706",
	    "A SYN_SENT ESTABLISHED E07 @707",
	    "B SYN_RCVD ESTABLISHED E09 @708" } },
	{ "SYN,ACK sent again, then ACKed: ESTABLISHED at the copy it answers",
	  { "A>B SYN seq=100",
	    "B>A SYN,ACK seq=500 ack=101",
	    "B>A SYN,ACK seq=500 ack=101 +1000",
	    "A>B ACK seq=101 ack=501" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1",
	    "B LISTEN SYN_RCVD E03 @1",
	    "A SYN_SENT ESTABLISHED E07 @1002",
	    "B SYN_RCVD ESTABLISHED E09 @1003" } },
	{ "SYN lost then retransmitted: dated at the second copy (one SYN,ACK; "
	  "uncertain: a SYN,ACK timer other than Linux's fits the first)",
	  { "A>B SYN seq=100",
	    "A>B SYN seq=100 +1000",
	    "B>A SYN,ACK seq=500 ack=101",
	    "A>B ACK seq=101 ack=501" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1001",
	    "B LISTEN SYN_RCVD E03? @1001",
	    "A SYN_SENT ESTABLISHED E07 @1002",
	    "B SYN_RCVD ESTABLISHED E09 @1003" } },
	{ "SYN,ACK lost: client gets the second one",
	  { "A>B SYN seq=100",
	    "B>A SYN,ACK seq=500 ack=101",
	    "A>B SYN seq=100 +1000",
	    "B>A SYN,ACK seq=500 ack=101",
	    "A>B ACK seq=101 ack=501" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1",
	    "B LISTEN SYN_RCVD E03 @1",
	    "A SYN_SENT ESTABLISHED E07 @1003",
	    "B SYN_RCVD ESTABLISHED E09 @1004" } },
	{ "third ACK lost: server gets the second ACK",
	  { "A>B SYN seq=100",
	    "B>A SYN,ACK seq=500 ack=101",
	    "A>B ACK seq=101 ack=501",
	    "B>A SYN,ACK seq=500 ack=101 +1000",
	    "A>B ACK seq=101 ack=501",
	    "B>A ACK seq=501 ack=101" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1",
	    "B LISTEN SYN_RCVD E03 @1",
	    "A SYN_SENT ESTABLISHED E07 @2",
	    "B SYN_RCVD ESTABLISHED E09 @1004" } },
	{ "FIN seen twice, nothing between: its first copy was lost, or the "
	  "ACK of it before the capture point: E13 at the second copy, "
	  "marked uncertain",
	  { HS,
	    "A>B FIN,ACK seq=101 ack=501",
	    "A>B FIN,ACK seq=101 ack=501 +200",
	    "B>A ACK seq=501 ack=102" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @4",
	    "B ESTABLISHED CLOSE_WAIT E13? @204",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @205" } },
	{ "final ACK lost: FIN again into TIME_WAIT restarts 2*MSL (E20 at the "
	  "re-ACK, which only the silence after it proves: uncertain)",
	  { HS,
	    "A>B FIN,ACK seq=101 ack=501",
	    "B>A ACK seq=501 ack=102",
	    "B>A FIN,ACK seq=501 ack=102",
	    "A>B ACK seq=102 ack=502",
	    "B>A FIN,ACK seq=501 ack=102 +200",
	    "A>B ACK seq=102 ack=502",
	    "wait 70000" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @4",
	    "B ESTABLISHED CLOSE_WAIT E13 @4",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @5",
	    "B CLOSE_WAIT LAST_ACK E19 @6",
	    "A FIN_WAIT_2 TIME_WAIT E17 @6",
	    "B LAST_ACK CLOSED E20? @208",
	    "A TIME_WAIT CLOSED E21 @60207" } },
	{ "LAST_ACK's FIN retries run out (E22, inferred): each copy comes a "
	  "little late (the timer wheel), so the next is due at the backoff "
	  "doubled from the earliest, 4 x 212 ms after the last, not at twice "
	  "the last late gap (as a kernel capture at the server showed)",
	  { HS,
	    "A>B FIN,ACK seq=101 ack=501",
	    "B>A ACK seq=501 ack=102",
	    "B>A FIN,ACK seq=501 ack=102",
	    "B>A FIN,ACK seq=501 ack=102 +212",
	    "B>A FIN,ACK seq=501 ack=102 +212",
	    "B>A FIN,ACK seq=501 ack=102 +444",
	    "wait 2000" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @4",
	    "B ESTABLISHED CLOSE_WAIT E13 @4",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @5",
	    "B CLOSE_WAIT LAST_ACK E19 @6",
	    "A FIN_WAIT_2 TIME_WAIT E17? @874",
	    "B LAST_ACK CLOSED E22? @1722" } },
	{ "an orphan's late FIN: its FIN_WAIT_2 ended (tcp_fin_timeout) and "
	  "the peer's FIN 1.6 s later gets a bare RST; the FIN was never "
	  "resent, so its ACK got through (E14 at the ACK), as a kernel "
	  "capture on loopback showed",
	  { HS,
	    "A>B FIN,ACK seq=101 ack=501",
	    "B>A ACK seq=501 ack=102 +43",
	    "B>A FIN,ACK seq=501 ack=102 +1581",
	    "A>B RST seq=102" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @4",
	    "B ESTABLISHED CLOSE_WAIT E13 @4",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @47",
	    "B CLOSE_WAIT LAST_ACK E19 @1628",
	    "A FIN_WAIT_2 CLOSED E22 @1629",
	    "B LAST_ACK CLOSED E22 @1629" } },
	{ "half-close: CLOSE_WAIT side keeps sending data",
	  { HS,
	    "A>B FIN,ACK seq=101 ack=501",
	    "B>A ACK seq=501 ack=102",
	    "B>A ACK,PSH seq=501 ack=102 len=100",
	    "A>B ACK seq=102 ack=601",
	    "B>A ACK,PSH seq=601 ack=102 len=100",
	    "A>B ACK seq=102 ack=701",
	    "B>A FIN,ACK seq=701 ack=102",
	    "A>B ACK seq=102 ack=702" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @4",
	    "B ESTABLISHED CLOSE_WAIT E13 @4",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @5",
	    "B CLOSE_WAIT LAST_ACK E19 @10",
	    "A FIN_WAIT_2 TIME_WAIT E17 @10",
	    "B LAST_ACK CLOSED E20 @11" } },
	/*
	 * Neither RST is at B's SND.NXT (511) nor at A's RCV.NXT: no ABORT of
	 * B's (RFC 9293 3.10.5) and unacceptable at A (RFC 5961 3.2).
	 */
	{ "unacceptable RSTs not at the sender's SND.NXT change nothing",
	  { HS,
	    "B>A ACK,PSH seq=501 ack=101 len=10",
	    "B>A RST seq=70000",
	    "B>A RST seq=600" },
	  { HS_WANT } },
	/*
	 * RFC 5961 4.2 and 3.2 from a capture: a SYN with a new seq in the
	 * window and a RST in the window but not at RCV.NXT (111), each
	 * answered by B's challenge ACK; no edge at either end. The exact RST
	 * (A's ABORT at SND.NXT 121) resets both (E22).
	 */
	{ "in-window SYN and non-exact RST in ESTABLISHED: no edge, then E22",
	  { HS,
	    "A>B ACK,PSH seq=101 ack=501 len=10",
	    "B>A ACK seq=501 ack=111",
	    "A>B SYN seq=5000",
	    "B>A ACK seq=501 ack=111",
	    "A>B RST seq=3000",
	    "B>A ACK seq=501 ack=111",
	    "A>B ACK,PSH seq=111 ack=501 len=10",
	    "B>A ACK seq=501 ack=121",
	    "A>B RST,ACK seq=121 ack=501" },
	  { HS_WANT,
	    "A ESTABLISHED CLOSED E22 @12",
	    "B ESTABLISHED CLOSED E22 @12" } },
	{ "simulator: in-window SYN and non-exact RST: no edge, then E22",
	  { "A>B SYN seq=100",
	    "B>A SYN,ACK seq=500 ack=101 +20",
	    "A>B ACK seq=101 ack=501 +20",
	    "A>B SYN seq=5000 +20",
	    "B>A ACK seq=501 ack=101 +20",
	    "A>B RST seq=3000 +20",
	    "B>A ACK seq=501 ack=101 +20",
	    "A>B RST,ACK seq=101 ack=501 +20" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @11",
	    "B LISTEN SYN_RCVD E03 @11",
	    "A SYN_SENT ESTABLISHED E07 @31",
	    "B SYN_RCVD ESTABLISHED E09 @51",
	    "A ESTABLISHED CLOSED E22 @141",
	    "B ESTABLISHED CLOSED E22 @151" } },
	/*
	 * A RST at a number A has used (its FIN's, the ACK of B's data), below
	 * B's newest ACK: an answer from A's host whose TCB is gone,
	 * <SEQ=SEG.ACK> (RFC 9293 3.10.7.1), not a foreign one: E22 at it.
	 */
	{ "a RST below SND.NXT at the peer's ACK is the sender's (E22)",
	  { HS,
	    "A>B FIN,ACK seq=101 ack=501",
	    "B>A ACK,PSH seq=501 ack=101 len=10",
	    "B>A ACK seq=511 ack=102",
	    "A>B RST seq=101" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @4",
	    "B ESTABLISHED CLOSE_WAIT E13 @4",
	    "A FIN_WAIT_1 CLOSED E22 @7" } },
	/*
	 * A restarted client (RFC 5961 4.2): its new socket's SYN draws the
	 * challenge ACK, whose ACK does not cover that SYN, so the new socket
	 * answers <SEQ=SEG.ACK><CTL=RST> (3.10.7.3): exact, B resets (E22);
	 * its SYN again opens a new instance.
	 */
	{ "a restarted client: SYN, challenge ACK, exact RST (E22), SYN again",
	  { HS,
	    "A>B SYN seq=9000",
	    "B>A ACK seq=501 ack=101",
	    "A>B RST seq=101",
	    "A>B SYN seq=9000 +1000",
	    "B>A SYN,ACK seq=7000 ack=9001" },
	  { HS_WANT,
	    "A ESTABLISHED CLOSED E22 @6",
	    "B ESTABLISHED CLOSED E22 @6",
	    "A CLOSED SYN_SENT E02 @1006",
	    "B CLOSED LISTEN E01 @1006",
	    "B LISTEN SYN_RCVD E03 @1006",
	    "A SYN_SENT ESTABLISHED E07 @1007" } },
	{ "RST after close with unread data: E22 on both",
	  { HS,
	    "B>A ACK,PSH seq=501 ack=101 len=10",
	    "A>B ACK seq=101 ack=511",
	    "A>B RST,ACK seq=101 ack=511" },
	  { HS_WANT,
	    "A ESTABLISHED CLOSED E22 @6",
	    "B ESTABLISHED CLOSED E22 @6" } },
	{ "RST to FIN_WAIT_2 and from CLOSE_WAIT (E22)",
	  { HS,
	    "A>B FIN,ACK seq=101 ack=501",
	    "B>A ACK seq=501 ack=102",
	    "B>A RST,ACK seq=501 ack=102" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @4",
	    "B ESTABLISHED CLOSE_WAIT E13 @4",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @5",
	    "B CLOSE_WAIT CLOSED E22 @6",
	    "A FIN_WAIT_2 CLOSED E22 @6" } },
	{ "sequence numbers wrap around 2^32",
	  { "A>B SYN seq=4294967290",
	    "B>A SYN,ACK seq=4294967295 ack=4294967291",
	    "A>B ACK seq=4294967291 ack=0",
	    "A>B ACK,PSH seq=4294967291 ack=0 len=10",
	    "B>A ACK seq=0 ack=5",
	    "A>B FIN,ACK seq=5 ack=0",
	    "B>A FIN,ACK seq=0 ack=6",
	    "A>B ACK seq=6 ack=1" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1",
	    "B LISTEN SYN_RCVD E03 @1",
	    "A SYN_SENT ESTABLISHED E07 @2",
	    "B SYN_RCVD ESTABLISHED E09 @3",
	    "A ESTABLISHED FIN_WAIT_1 E12 @6",
	    "B ESTABLISHED CLOSE_WAIT E13 @6",
	    "B CLOSE_WAIT LAST_ACK E19 @7",
	    "A FIN_WAIT_1 TIME_WAIT E16 @7",
	    "B LAST_ACK CLOSED E20 @8" } },
	{ "new instance after TIME_WAIT on the same 4-tuple",
	  { HS,
	    "A>B FIN,ACK seq=101 ack=501",
	    "B>A FIN,ACK seq=501 ack=102",
	    "A>B ACK seq=102 ack=502",
	    "A>B SYN seq=90000 +100",
	    "B>A SYN,ACK seq=7000 ack=90001",
	    "A>B ACK seq=90001 ack=7001" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @4",
	    "B ESTABLISHED CLOSE_WAIT E13 @4",
	    "B CLOSE_WAIT LAST_ACK E19 @5",
	    "A FIN_WAIT_1 TIME_WAIT E16 @5",
	    "B LAST_ACK CLOSED E20 @6",
	    "A TIME_WAIT CLOSED E21 @106",
	    "A CLOSED SYN_SENT E02 @106",
	    "B CLOSED LISTEN E01 @106",
	    "B LISTEN SYN_RCVD E03 @106",
	    "A SYN_SENT ESTABLISHED E07 @107",
	    "B SYN_RCVD ESTABLISHED E09 @108" } },
	{ "mid-stream join: both ESTABLISHED, implied, no edge",
	  { "A>B ACK,PSH seq=1000 ack=2000 len=10",
	    "B>A ACK seq=2000 ack=1010",
	    "B>A FIN,ACK seq=2000 ack=1010",
	    "A>B ACK seq=1010 ack=2001" },
	  { "A - ESTABLISHED - @1",
	    "B - ESTABLISHED - @1",
	    "B ESTABLISHED FIN_WAIT_1 E12 @3",
	    "A ESTABLISHED CLOSE_WAIT E13 @3",
	    "B FIN_WAIT_1 FIN_WAIT_2 E14 @4" } },
	{ "first seen at the SYN,ACK: implied opening",
	  { "B>A SYN,ACK seq=500 ack=101",
	    "A>B ACK seq=101 ack=501" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1",
	    "B LISTEN SYN_RCVD E03 @1",
	    "A SYN_SENT ESTABLISHED E07 @1",
	    "B SYN_RCVD ESTABLISHED E09 @2" } },
	/*
	 * RFC 9293 3.10.7.4: a FIN beyond a hole waits until the data
	 * before it arrives (Linux: the out-of-order queue). D1 = 101..201
	 * arrives, D2 = 201..301 is lost, the FIN at 301 gets through.
	 */
	{ "out-of-order FIN, receiver's capture: E13 at the resent data",
	  { HS,
	    "A>B ACK,PSH seq=101 ack=501 len=100",
	    "B>A ACK seq=501 ack=201",
	    "A>B FIN,ACK seq=301 ack=501",
	    "B>A ACK seq=501 ack=201 sack=301-302",
	    "A>B ACK,PSH seq=201 ack=501 len=100 +200",
	    "B>A ACK seq=501 ack=302" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @6",
	    "B ESTABLISHED CLOSE_WAIT E13 @207",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @208" } },
	{ "out-of-order FIN, sender's capture: the SACK of the FIN holds it",
	  { HS,
	    "A>B ACK,PSH seq=101 ack=501 len=100",
	    "B>A ACK seq=501 ack=201",
	    "A>B ACK,PSH seq=201 ack=501 len=100",
	    "A>B FIN,ACK seq=301 ack=501",
	    "B>A ACK seq=501 ack=201 sack=301-302",
	    "A>B ACK,PSH seq=201 ack=501 len=100 +200",
	    "B>A ACK seq=501 ack=302" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @7",
	    "B ESTABLISHED CLOSE_WAIT E13 @208",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @209" } },
	{ "out-of-order FIN, sender's capture, no SACK: the duplicate ACK",
	  { HS,
	    "A>B ACK,PSH seq=101 ack=501 len=100",
	    "B>A ACK seq=501 ack=201",
	    "A>B ACK,PSH seq=201 ack=501 len=100",
	    "A>B FIN,ACK seq=301 ack=501",
	    "B>A ACK seq=501 ack=201",
	    "A>B ACK,PSH seq=201 ack=501 len=100 +200",
	    "B>A ACK seq=501 ack=302" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @7",
	    "B ESTABLISHED CLOSE_WAIT E13 @208",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @209" } },
	{ "out-of-order FIN, two resends, no D-SACK: the later one filled",
	  { HS,
	    "A>B ACK,PSH seq=101 ack=501 len=100",
	    "B>A ACK seq=501 ack=201",
	    "A>B ACK,PSH seq=201 ack=501 len=100",
	    "A>B FIN,ACK seq=301 ack=501",
	    "B>A ACK seq=501 ack=201 sack=301-302",
	    "A>B ACK,PSH seq=201 ack=501 len=100",
	    "A>B ACK,PSH seq=201 ack=501 len=100 +200",
	    "B>A ACK seq=501 ack=302" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @7",
	    "B ESTABLISHED CLOSE_WAIT E13 @209",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @210" } },
	{ "out-of-order FIN, two resends, D-SACK: the first one filled",
	  { HS,
	    "A>B ACK,PSH seq=101 ack=501 len=100",
	    "B>A ACK seq=501 ack=201",
	    "A>B ACK,PSH seq=201 ack=501 len=100",
	    "A>B FIN,ACK seq=301 ack=501",
	    "B>A ACK seq=501 ack=201 sack=301-302",
	    "A>B ACK,PSH seq=201 ack=501 len=100",
	    "A>B ACK,PSH seq=201 ack=501 len=100 +200",
	    "B>A ACK seq=501 ack=302 sack=201-301" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @7",
	    "B ESTABLISHED CLOSE_WAIT E13 @9",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @210" } },
	{ "out-of-order FIN,ACK acks our FIN: E14 at it, E17 at the data",
	  { HS,
	    "A>B ACK,PSH seq=101 ack=501 len=100",
	    "B>A ACK seq=501 ack=201",
	    "B>A FIN,ACK seq=501 ack=201",
	    "A>B FIN,ACK seq=301 ack=502",
	    "B>A ACK seq=502 ack=201 sack=301-302",
	    "A>B ACK,PSH seq=201 ack=502 len=100 +200",
	    "B>A ACK seq=502 ack=302" },
	  { HS_WANT,
	    "B ESTABLISHED FIN_WAIT_1 E12 @6",
	    "A ESTABLISHED CLOSE_WAIT E13 @6",
	    "A CLOSE_WAIT LAST_ACK E19 @7",
	    "B FIN_WAIT_1 FIN_WAIT_2 E14 @7",
	    "B FIN_WAIT_2 TIME_WAIT E17 @208",
	    "A LAST_ACK CLOSED E20 @209" } },
	{ "out-of-order FIN never filled: the receiver stays ESTABLISHED",
	  { HS,
	    "A>B ACK,PSH seq=101 ack=501 len=100",
	    "B>A ACK seq=501 ack=201",
	    "A>B FIN,ACK seq=301 ack=501",
	    "B>A ACK seq=501 ack=201 sack=301-302",
	    "wait 10000" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @6" } },
	{ "a gap only in the capture: the ACK of the FIN at once, E13 at it",
	  { HS,
	    "A>B ACK,PSH seq=101 ack=501 len=100",
	    "B>A ACK seq=501 ack=201",
	    "A>B FIN,ACK seq=301 ack=501",
	    "B>A ACK seq=501 ack=302" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @6",
	    "B ESTABLISHED CLOSE_WAIT E13 @6",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @7" } },
	{ "out-of-order FIN, the filling unseen: E13 at the ACK of the FIN?",
	  { HS,
	    "A>B ACK,PSH seq=101 ack=501 len=100",
	    "B>A ACK seq=501 ack=201",
	    "A>B FIN,ACK seq=301 ack=501",
	    "B>A ACK seq=501 ack=201 sack=301-302",
	    "B>A ACK seq=501 ack=302 +300" },
	  { HS_WANT,
	    "A ESTABLISHED FIN_WAIT_1 E12 @6",
	    "B ESTABLISHED CLOSE_WAIT E13? @307",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @307" } },
	{ "simulator: a FIN beyond a lost segment waits for the resend",
	  { "A>B SYN seq=100",
	    "B>A SYN,ACK seq=500 ack=101 @11",
	    "A>B ACK seq=101 ack=501 @21",
	    "A>B ACK,PSH seq=101 ack=501 len=100 @30",
	    "A>B ACK,PSH seq=201 ack=501 len=100 @32 lost",
	    "A>B FIN,ACK seq=301 ack=501 @33",
	    "B>A ACK seq=501 ack=201 @43",
	    "A>B ACK,PSH seq=201 ack=501 len=100 @300",
	    "B>A ACK seq=501 ack=302 @310" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @11",
	    "B LISTEN SYN_RCVD E03 @11",
	    "A SYN_SENT ESTABLISHED E07 @21",
	    "B SYN_RCVD ESTABLISHED E09 @31",
	    "A ESTABLISHED FIN_WAIT_1 E12 @33",
	    "B ESTABLISHED CLOSE_WAIT E13 @310",
	    "A FIN_WAIT_1 FIN_WAIT_2 E14 @320" } },
	{ "simulator: two connect() calls cross: one instance, E06 on both",
	  { "A:CONNECT",
	    "A>B SYN seq=100",
	    "B:CONNECT",
	    "B>A SYN seq=500",
	    "B>A SYN,ACK seq=500 ack=101 @12",
	    "A>B SYN,ACK seq=100 ack=501 @14" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED SYN_SENT E02 @3",
	    "B SYN_SENT SYN_RCVD E06 @12",
	    "A SYN_SENT SYN_RCVD E06 @14",
	    "A SYN_RCVD ESTABLISHED E09 @22",
	    "B SYN_RCVD ESTABLISHED E09 @24" } },
	{ "simulator: SYN delivered to a closed port: no server lines",
	  { "A:CONNECT",
	    "A>B SYN seq=100",
	    "B>A RST,ACK seq=0 ack=101 @12" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "A SYN_SENT CLOSED E08 @22" } },
	{ "simulator: a lost SYN reaches nobody; delivery at t_recv",
	  { "A>B SYN seq=100 lost",
	    "A>B SYN seq=100 +1000",
	    "B>A SYN,ACK seq=500 ack=101 +10",
	    "A>B ACK seq=101 ack=501 +10" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "B CLOSED LISTEN E01 @1011",
	    "B LISTEN SYN_RCVD E03 @1011",
	    "A SYN_SENT ESTABLISHED E07 @1021",
	    "B SYN_RCVD ESTABLISHED E09 @1031" } },
	/*
	 * Rows named "... self-connect: ..." have B = A: one socket, its own
	 * peer (tests/kernel self-connect). It is one endpoint through a
	 * simultaneous open and close with itself; the engine's mirror end
	 * reports nothing.
	 */
	{ "self-connect: the kernel's capture (E02 E06 E09 E12 E15 E18 E21)",
	  { "A>B SYN seq=100",
	    "A>B SYN,ACK seq=100 ack=101",
	    "A>B ACK seq=101 ack=101",
	    "A>B PSH,ACK seq=101 ack=101 len=5",
	    "A>B ACK seq=106 ack=106",
	    "A>B FIN,ACK seq=106 ack=106 +100",
	    "A>B ACK seq=107 ack=107",
	    "wait 61000" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "A SYN_SENT SYN_RCVD E06 @1",
	    "A SYN_RCVD ESTABLISHED E09 @2",
	    "A ESTABLISHED FIN_WAIT_1 E12 @105",
	    "A FIN_WAIT_1 CLOSING E15 @105",
	    "A CLOSING TIME_WAIT E18 @106",
	    "A TIME_WAIT CLOSED E21 @60106" } },
	{ "self-connect: a RST to itself ends it (E22)",
	  { "A>B SYN seq=100",
	    "A>B SYN,ACK seq=100 ack=101",
	    "A>B ACK seq=101 ack=101",
	    "A>B RST,ACK seq=101 ack=101" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "A SYN_SENT SYN_RCVD E06 @1",
	    "A SYN_RCVD ESTABLISHED E09 @2",
	    "A ESTABLISHED CLOSED E22 @4" } },
	{ "self-connect: joined mid-stream, one endpoint",
	  { "A>B ACK seq=500 ack=500 len=10",
	    "A>B FIN,ACK seq=510 ack=510",
	    "A>B ACK seq=511 ack=511" },
	  { "A - ESTABLISHED -",
	    "A ESTABLISHED FIN_WAIT_1 E12",
	    "A FIN_WAIT_1 CLOSING E15",
	    "A CLOSING TIME_WAIT E18" } },
	{ "self-connect: first seen at its SYN,ACK",
	  { "A>B SYN,ACK seq=100 ack=101",
	    "A>B ACK seq=101 ack=101",
	    "A>B RST seq=101" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "A SYN_SENT SYN_RCVD E06 @1",
	    "A SYN_RCVD ESTABLISHED E09 @1",
	    "A ESTABLISHED CLOSED E22 @3" } },
	{ "simulator: self-connect: connect() to itself",
	  { "A:CONNECT",
	    "A>B SYN seq=100",
	    "A>B SYN,ACK seq=100 ack=101 +10",
	    "wait 20",
	    "A:CLOSE",
	    "A>B FIN,ACK seq=101 ack=101",
	    "A>B ACK seq=102 ack=102 +10" },
	  { "A CLOSED SYN_SENT E02 @1",
	    "A SYN_SENT SYN_RCVD E06 @12",
	    "A SYN_RCVD ESTABLISHED E09 @22",
	    "A ESTABLISHED FIN_WAIT_1 E12 @33",
	    "A FIN_WAIT_1 CLOSING E15 @44",
	    "A CLOSING TIME_WAIT E18 @54" } },
};

/* Rows whose one endpoint talks to itself (B = A). */
#define SELF_MARK	"self-connect:"

/* Run an application call "A:CLOSE" at the next millisecond. */
static void
run_app(struct engine *e, struct segbuild *sb, const char *step)
{
	static const struct {
		const char	*name;
		unsigned	 ev;
	} calls[] = {
		{ "LISTEN", FSM_EV_PASSIVE_OPEN },
		{ "CONNECT", FSM_EV_ACTIVE_OPEN },
		{ "SEND", FSM_EV_SEND },
		{ "CLOSE", FSM_EV_CLOSE },
		{ "ABORT", FSM_EV_ABORT },
	};
	const struct event_endpoint	*local, *remote;
	struct event_app		 app;
	size_t				 i;

	local = step[0] == 'A' ? &sb->a : &sb->b;
	remote = step[0] == 'A' ? &sb->b : &sb->a;
	for (i = 0; i < COMPAT_NITEMS(calls); i++) {
		if (strcmp(step + 2, calls[i].name) == 0)
			break;
	}
	assert_true(i < COMPAT_NITEMS(calls));
	sb->t += MS;
	sb->frame++;
	memset(&app, 0, sizeof app);
	app.local = *local;
	app.remote = *remote;
	app.event = calls[i].ev;
	app.t = sb->t;
	app.origin = sb->frame;
	assert_int_not_equal(engine_feed_app(e, &app), FSM_EDGE_NONE);
}

/* Format one transition as a row of the want list (with @ms). */
static void
format_tr(char *buf, size_t len, const struct segbuild *sb,
    const struct engine_transition *tr)
{
	const char	*id = fsm_edge_id((enum fsm_edge)tr->edge);

	snprintf(buf, len, "%c %s %s %s%s @%lld",
	    event_endpoint_eq(&tr->endpoint, &sb->a) ? 'A' : 'B',
	    fsm_state_valid(tr->from) ?
	    fsm_state_name((enum fsm_state)tr->from) : "-",
	    fsm_state_name((enum fsm_state)tr->to), id != NULL ? id : "-",
	    tr->known == CONN_KNOWN_UNCERTAIN ? "?" : "",
	    (long long)((tr->t - sb->t0) / MS));
}

/* Does an actual row match a wanted one (time only if the want has it)? */
static bool
row_matches(const char *want, const char *got)
{
	const char	*at = strchr(want, '@');
	size_t		 n = at != NULL ? (size_t)(at - want) : strlen(want);

	if (at == NULL)
		return strncmp(want, got, n) == 0 && got[n] == ' ';
	return strcmp(want, got) == 0;
}

static void
run_case(const struct engine_case *ec)
{
	struct engine_config		 cfg;
	struct engine			*e;
	struct segbuild			 sb;
	struct event_segment		 seg;
	struct engine_transition	 tr;
	char				 got[MAXSTEPS * 2][96];
	size_t				 ngot = 0, nwant = 0, i;
	int64_t				 last_t = INT64_MIN;
	bool				 ok = true;
	char				*end;

	engine_config_default(&cfg);
	cfg.max_history = 8;
	e = engine_new(&cfg);
	segbuild_init(&sb, T0);
	if (strstr(ec->name, SELF_MARK) != NULL)
		sb.b = sb.a;
	for (i = 0; i < MAXSTEPS && ec->steps[i] != NULL; i++) {
		const char	*step = ec->steps[i];

		if (strncmp(step, "wait ", 5) == 0) {
			sb.t += strtoll(step + 5, &end, 10) * MS;
			engine_advance(e, sb.t);
		} else if (step[1] == ':')
			run_app(e, &sb, step);
		else {
			assert_true(segbuild_parse(&sb, step, &seg));
			if (strncmp(ec->name, SIM_PREFIX,
			    strlen(SIM_PREFIX)) == 0) {
				seg.origin_kind = EVENT_ORIGIN_SCENARIO;
				seg.t_recv = seg.t_sent + 10 * MS;
			}
			engine_feed(e, &seg);
		}
		/* Whatever is handed out early must already be in order. */
		while (engine_next(e, &tr)) {
			assert_true(ngot < COMPAT_NITEMS(got));
			assert_true(tr.t >= last_t);
			last_t = tr.t;
			format_tr(got[ngot++], sizeof got[0], &sb, &tr);
		}
	}
	engine_finish(e);
	while (engine_next(e, &tr)) {
		assert_true(ngot < COMPAT_NITEMS(got));
		assert_true(tr.t >= last_t);
		last_t = tr.t;
		format_tr(got[ngot++], sizeof got[0], &sb, &tr);
	}
	while (nwant < MAXSTEPS && ec->want[nwant] != NULL)
		nwant++;
	if (nwant != ngot)
		ok = false;
	for (i = 0; ok && i < nwant; i++)
		ok = row_matches(ec->want[i], got[i]);
	if (!ok) {
		fprintf(stderr, "case: %s\nwant:\n", ec->name);
		for (i = 0; i < nwant; i++)
			fprintf(stderr, "  %s\n", ec->want[i]);
		fprintf(stderr, "got:\n");
		for (i = 0; i < ngot; i++)
			fprintf(stderr, "  %s\n", got[i]);
	}
	engine_free(e);
	assert_true(ok);
}

static void
test_cases(void **state)
{
	size_t	i;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(cases); i++)
		run_case(&cases[i]);
}

/* The table above covers every edge at least once. */
static void
test_cases_cover_edges(void **state)
{
	bool		 seen[FSM_EDGE_COUNT] = { false };
	char		 id[8];
	size_t		 i, j;
	int		 k;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(cases); i++) {
		for (j = 0; j < MAXSTEPS && cases[i].want[j] != NULL; j++) {
			/* The fourth word is the edge id. */
			if (sscanf(cases[i].want[j], "%*s %*s %*s %7s",
			    id) != 1)
				continue;
			k = fsm_edge_from_id(id);
			if (fsm_edge_valid(k))
				seen[k] = true;
		}
	}
	for (k = 0; k < FSM_EDGE_COUNT; k++) {
		if (!seen[k])
			fprintf(stderr, "no case for %s\n", fsm_edge_id(k));
		assert_true(seen[k]);
	}
}

/*
 * RFC 5961 4.2 and 3.2: the annotations of a SYN and a RST that are not
 * their sender's (engine_foreign) and of what the receiver makes of them;
 * the sender's TCB is left alone, so its next data is new, not a gap.
 */
static void
test_challenge_ann(void **state)
{
	static const struct {
		const char	*step;
		uint32_t	 ann;
	} rows[] = {
		{ "A>B SYN seq=100", 0 },
		{ "B>A SYN,ACK seq=500 ack=101", 0 },
		{ "A>B ACK seq=101 ack=501", 0 },
		{ "A>B SYN seq=5000", CONN_ANN(FOREIGN) |
		    CONN_ANN(SYN_CHALLENGE) },
		{ "B>A ACK seq=501 ack=101", CONN_ANN(DUP_ACK) |
		    CONN_ANN(CHALLENGE_ACK) },
		{ "A>B RST seq=3000", CONN_ANN(FOREIGN) | CONN_ANN(BAD_RST) |
		    CONN_ANN(RST_CHALLENGE) },
		{ "B>A ACK seq=501 ack=101", CONN_ANN(DUP_ACK) |
		    CONN_ANN(CHALLENGE_ACK) },
		/* Only the ACK right after the SYN or RST is a challenge. */
		{ "B>A ACK seq=501 ack=101", CONN_ANN(DUP_ACK) },
		{ "A>B ACK,PSH seq=101 ack=501 len=10", 0 },
		/* A RST at SND.NXT (111) is its own ABORT. */
		{ "A>B RST,ACK seq=111 ack=501", 0 },
	};
	struct engine_config	 cfg;
	struct engine		*e;
	struct segbuild		 sb;
	struct event_segment	 seg;
	size_t			 i;

	(void)state;
	engine_config_default(&cfg);
	e = engine_new(&cfg);
	segbuild_init(&sb, T0);
	for (i = 0; i < COMPAT_NITEMS(rows); i++) {
		assert_true(segbuild_parse(&sb, rows[i].step, &seg));
		engine_feed(e, &seg);
		if (engine_last_segment(e)->ann != rows[i].ann)
			fprintf(stderr, "%s: ann %#x, want %#x\n", rows[i].step,
			    engine_last_segment(e)->ann, rows[i].ann);
		assert_int_equal(engine_last_segment(e)->ann, rows[i].ann);
	}
	engine_free(e);
}

/* The reason line and JSON-facing names. */
static void
test_reason_and_history(void **state)
{
	struct engine_config		 cfg;
	struct engine			*e;
	struct segbuild			 sb;
	struct event_segment		 seg;
	struct engine_transition	 tr;
	const struct conn		*c;
	char				 buf[256];
	bool				 found = false;
	size_t				 i, nseg = 0, ntr = 0;

	(void)state;
	engine_config_default(&cfg);
	cfg.max_history = 64;
	e = engine_new(&cfg);
	segbuild_init(&sb, T0);
	assert_true(segbuild_parse(&sb, "A>B SYN seq=100", &seg));
	engine_feed(e, &seg);
	assert_true(segbuild_parse(&sb, "B>A SYN,ACK seq=500 ack=101", &seg));
	engine_feed(e, &seg);
	assert_true(segbuild_parse(&sb, "A>B ACK seq=101 ack=501", &seg));
	engine_feed(e, &seg);
	/* A dup ACK needs data outstanding. */
	assert_true(segbuild_parse(&sb, "B>A ACK,PSH seq=501 ack=101 len=5",
	    &seg));
	engine_feed(e, &seg);
	assert_true(segbuild_parse(&sb, "B>A ACK,PSH seq=501 ack=101 len=5",
	    &seg));
	engine_feed(e, &seg);
	engine_finish(e);
	while (engine_next(e, &tr)) {
		if (tr.edge != FSM_E07)
			continue;
		found = true;
		engine_transition_reason(buf, sizeof buf, &tr);
		assert_string_equal(buf, "frame 2: SYN,ACK acks our SYN "
		    "(ack=101): RFC 9293 3.10.7.3, E07");
		assert_int_equal(tr.known, CONN_KNOWN_INFERRED);
		assert_int_equal(tr.role, CONN_CLIENT);
	}
	assert_true(found);
	c = engine_conn_at(e, 0);
	assert_non_null(c);
	assert_int_equal(c->segments, 5);
	assert_int_equal(c->retrans, 1);
	for (i = 0; i < conn_history_count(c->hist); i++) {
		const struct conn_step	*s = conn_history_at(c->hist, i);

		if (s->kind == CONN_STEP_SEGMENT)
			nseg++;
		else
			ntr++;
		if (s->kind == CONN_STEP_SEGMENT && s->frame == 5)
			assert_true(s->ann & CONN_ANN(RETRANS));
	}
	assert_int_equal(nseg, 5);
	assert_int_equal(ntr, 5);
	assert_null(conn_history_at(c->hist, 100));
	assert_string_equal(conn_annotations_format(buf, sizeof buf,
	    CONN_ANN(RETRANS) | CONN_ANN(DUP_ACK), 2),
	    "retransmission, dup ACK #2");
	engine_free(e);
}

/* The history ring keeps the newest steps and counts the dropped ones. */
static void
test_history_ring(void **state)
{
	struct conn_history	*h = conn_history_new(3);
	struct conn_step	*s;
	int			 i;

	(void)state;
	for (i = 1; i <= 5; i++) {
		s = conn_history_push(h);
		s->frame = (uint64_t)i;
	}
	assert_int_equal(conn_history_count(h), 3);
	assert_int_equal(h->dropped, 2);
	assert_int_equal(conn_history_at(h, 0)->frame, 3);
	assert_int_equal(conn_history_at(h, 2)->frame, 5);
	conn_history_free(h);
	assert_null(conn_history_new(0));
	assert_null(conn_history_push(NULL));
}

/* ---- triage stats (engine_config.stats; conn.h struct conn_stats) ---- */

#define STATS_MAX	40

struct stats_case {
	const char	*name;
	const char	*steps[STATS_MAX];
	const char	*zeek;		/* conn_state */
	const char	*history;
	const char	*anomalies;	/* conn_anomalies_format words */
	int		 rst_by;	/* -1: no reset */
	int		 rst_state;	/* enum fsm_state */
	uint32_t	 hs_rtt_us;
	uint32_t	 rtt_samples;
	uint32_t	 rtt_min_us;
	uint16_t	 retrans[2];
	uint16_t	 zero_window[2];
	uint64_t	 bytes[2];
};

static const struct stats_case stats_cases[] = {
	{ "normal close, one RTT sample",
	  { "A>B SYN seq=100 @0", "B>A SYN,ACK seq=500 ack=101 @1",
	    "A>B ACK seq=101 ack=501 @3",
	    "A>B ACK,PSH seq=101 ack=501 len=100 @10",
	    "B>A ACK seq=501 ack=201 @30",
	    "A>B FIN,ACK seq=201 ack=501 @40",
	    "B>A FIN,ACK seq=501 ack=202 @41",
	    "A>B ACK seq=202 ack=502 @42" },
	  "SF", "ShADaFf", "", -1, 0, 3000, 1, 20000, { 0, 0 }, { 0, 0 },
	  { 100, 0 } },
	{ "client aborts in ESTABLISHED (E22): RSTO",
	  { HS, "A>B RST,ACK seq=101 ack=501" },
	  "RSTO", "ShAR", "rst", CONN_CLIENT, FSM_ESTABLISHED, 2000, 0,
	  CONN_STATS_NONE, { 0, 0 }, { 0, 0 }, { 0, 0 } },
	{ "server aborts in ESTABLISHED: RSTR",
	  { HS, "A>B ACK,PSH seq=101 ack=501 len=5",
	    "B>A ACK seq=501 ack=106", "B>A RST seq=501" },
	  "RSTR", "ShADar", "rst", CONN_SERVER, FSM_ESTABLISHED, 2000, 1,
	  1000, { 0, 0 }, { 0, 0 }, { 5, 0 } },
	{ "refused (E08): REJ, refused and not rst",
	  { "A>B SYN seq=100", "B>A RST,ACK seq=0 ack=101" },
	  "REJ", "Sr", "refused", CONN_SERVER, FSM_CLOSED, CONN_STATS_NONE,
	  0, CONN_STATS_NONE, { 0, 0 }, { 0, 0 }, { 0, 0 } },
	{ "unanswered SYN, sent again: S0",
	  { "A>B SYN seq=100", "A>B SYN seq=100 +1000" },
	  "S0", "S", "retx", -1, 0, CONN_STATS_NONE, 0,
	  CONN_STATS_NONE, { 1, 0 }, { 0, 0 }, { 0, 0 } },
	{ "SYN then RST, no SYN,ACK: RSTOS0",
	  { "A>B SYN seq=100", "A>B RST seq=101" },
	  "RSTOS0", "SR", "rst", CONN_CLIENT, FSM_SYN_SENT, CONN_STATS_NONE,
	  0, CONN_STATS_NONE, { 0, 0 }, { 0, 0 }, { 0, 0 } },
	{ "joined mid-stream, first from the guessed server: OTH, ^",
	  { "B>A ACK,PSH seq=501 ack=101 len=10", "A>B ACK seq=101 ack=511" },
	  "OTH", "^dA", "open midstream", -1, 0, CONN_STATS_NONE, 1,
	  1000, { 0, 0 }, { 0, 0 }, { 0, 10 } },
	{ "retransmission spoils the probe (Karn); zero window",
	  { HS, "A>B ACK,PSH seq=101 ack=501 len=10",
	    "A>B ACK,PSH seq=101 ack=501 len=10",
	    "B>A ACK seq=501 ack=111 win=0" },
	  "S1", "ShADTaw", "retx zerowin open", -1, 0, 2000, 0,
	  CONN_STATS_NONE, { 1, 0 }, { 0, 1 }, { 20, 0 } },
	{ "T at the 1st and 10th retransmission",
	  { HS, "A>B ACK,PSH seq=101 ack=501 len=10",
	    "A>B ACK,PSH seq=101 ack=501 len=10",
	    "A>B ACK,PSH seq=101 ack=501 len=10",
	    "A>B ACK,PSH seq=101 ack=501 len=10",
	    "A>B ACK,PSH seq=101 ack=501 len=10",
	    "A>B ACK,PSH seq=101 ack=501 len=10",
	    "A>B ACK,PSH seq=101 ack=501 len=10",
	    "A>B ACK,PSH seq=101 ack=501 len=10",
	    "A>B ACK,PSH seq=101 ack=501 len=10",
	    "A>B ACK,PSH seq=101 ack=501 len=10",
	    "A>B ACK,PSH seq=101 ack=501 len=10" },
	  "S1", "ShADTT", "retx open", -1, 0, 2000, 0, CONN_STATS_NONE,
	  { 10, 0 }, { 0, 0 }, { 110, 0 } },
};

/* Feed a row's steps with stats on; the first instance and its stats. */
static struct engine *
stats_run(const char *const *steps, const struct conn **cp,
    const struct conn_stats **stp)
{
	struct engine_config	 cfg;
	struct engine		*e;
	struct segbuild		 sb;
	struct event_segment	 seg;
	size_t			 i;

	engine_config_default(&cfg);
	cfg.stats = true;
	e = engine_new(&cfg);
	segbuild_init(&sb, T0);
	for (i = 0; i < STATS_MAX && steps[i] != NULL; i++) {
		assert_true(segbuild_parse(&sb, steps[i], &seg));
		engine_feed(e, &seg);
	}
	engine_finish(e);
	*cp = engine_conn_at(e, 0);
	assert_non_null(*cp);
	*stp = engine_conn_stats(e, *cp);
	assert_non_null(*stp);
	return e;
}

static void
test_stats_cases(void **state)
{
	const struct stats_case	*sc;
	const struct conn	*c;
	const struct conn_stats	*st;
	struct engine		*e;
	char			 buf[128];
	size_t			 i;
	int			 r;

	(void)state;
	for (i = 0; i < COMPAT_NITEMS(stats_cases); i++) {
		sc = &stats_cases[i];
		print_message("stats: %s\n", sc->name);
		e = stats_run(sc->steps, &c, &st);
		assert_string_equal(conn_stats_zeek_state(st, c->flags),
		    sc->zeek);
		assert_string_equal(st->zeek_history, sc->history);
		conn_anomalies_format(buf, sizeof buf, conn_anomalies(c, st));
		assert_string_equal(buf, sc->anomalies);
		if (sc->rst_by < 0)
			assert_false(st->flags & CONN_S_RESET);
		else {
			assert_true(st->flags & CONN_S_RESET);
			assert_int_equal(st->rst_by, sc->rst_by);
			assert_int_equal(st->rst_state, sc->rst_state);
		}
		assert_int_equal(st->hs_rtt_us, sc->hs_rtt_us);
		assert_int_equal(st->rtt_samples, sc->rtt_samples);
		assert_int_equal(st->rtt_min_us, sc->rtt_min_us);
		for (r = 0; r < 2; r++) {
			assert_int_equal(st->dir[r].retrans, sc->retrans[r]);
			assert_int_equal(st->dir[r].zero_window,
			    sc->zero_window[r]);
			assert_int_equal(st->dir[r].bytes, sc->bytes[r]);
		}
		engine_free(e);
	}
}

/* CLOSE_WAIT and FIN_WAIT_2 are timed from entry to exit (engine_transit). */
static void
test_stats_close_wait(void **state)
{
	static const char *const steps[] = {
		HS, "A>B FIN,ACK seq=101 ack=501 @10",
		"B>A ACK seq=501 ack=102 @11",
		"B>A FIN,ACK seq=501 ack=102 @1011",
		"A>B ACK seq=102 ack=502 @1012", NULL
	};
	static const char *const open_cw[] = {
		HS, "A>B FIN,ACK seq=101 ack=501 @10",
		"B>A ACK seq=501 ack=102 @11", NULL
	};
	const struct conn	*c;
	const struct conn_stats	*st;
	struct engine		*e;

	(void)state;
	e = stats_run(steps, &c, &st);
	/* B: CLOSE_WAIT at A's FIN (10 ms) until its own FIN (1011 ms). */
	assert_int_equal(st->close_wait_ms, 1001);
	/* A: FIN_WAIT_2 at B's ACK (11 ms) until B's FIN (1011 ms). */
	assert_int_equal(st->fin_wait_2_ms, 1000);
	assert_int_equal(conn_stats_time_in(c, st, FSM_CLOSE_WAIT,
	    T0 + 5000 * MS), 1001);
	engine_free(e);

	/* Still there at the end: counted up to the time asked. */
	e = stats_run(open_cw, &c, &st);
	assert_int_equal(st->close_wait_ms, 0);
	assert_int_equal(conn_stats_time_in(c, st, FSM_CLOSE_WAIT,
	    T0 + 2010 * MS), 2000);
	assert_string_equal(conn_stats_zeek_state(st, c->flags), "S2");
	engine_free(e);
}

/* Off by default: no stats, and struct conn stays within 256 bytes. */
static void
test_stats_off(void **state)
{
	struct engine_config	 cfg;
	struct engine		*e;
	struct segbuild		 sb;
	struct event_segment	 seg;

	(void)state;
	assert_true(sizeof(struct conn) <= 256);
	engine_config_default(&cfg);
	assert_false(cfg.stats);
	e = engine_new(&cfg);
	segbuild_init(&sb, T0);
	assert_true(segbuild_parse(&sb, "A>B SYN seq=100", &seg));
	engine_feed(e, &seg);
	assert_non_null(engine_conn_at(e, 0));
	assert_null(engine_conn_stats(e, engine_conn_at(e, 0)));
	engine_free(e);
}

/* 100k connections: bounded size, all tracked, eviction past the limit. */
static void
test_many_connections(void **state)
{
	struct engine_config		 cfg;
	struct engine			*e;
	struct segbuild			 sb;
	struct event_segment		 seg;
	struct engine_transition	 tr;
	uint32_t			 i, n = 100000;
	size_t				 live = 0, k;

	(void)state;
	assert_true(sizeof(struct conn) <= 256);
	engine_config_default(&cfg);
	cfg.max_conns = 100000;
	cfg.output = true;
	e = engine_new(&cfg);
	segbuild_init(&sb, T0);
	for (i = 0; i < n + 10; i++) {
		sb.a = segbuild_ep4(10, (uint8_t)(i >> 16), (uint8_t)(i >> 8),
		    (uint8_t)i, 40000);
		seg = segbuild_make(&sb, 0, SEGF_SYN, i, 0, 0, 1000);
		engine_feed(e, &seg);
		seg = segbuild_make(&sb, 1, SEGF_SYN | SEGF_ACK, 7, i + 1, 0,
		    1000);
		engine_feed(e, &seg);
		seg = segbuild_make(&sb, 0, SEGF_ACK, i + 1, 8, 0, 1000);
		engine_feed(e, &seg);
		while (engine_next(e, &tr))
			;
	}
	for (k = 0; k < engine_conn_count(e); k++)
		live += engine_conn_at(e, k) != NULL;
	assert_int_equal(live, n);
	assert_int_equal(engine_stats(e)->instances, n + 10);
	assert_int_equal(engine_stats(e)->evicted, 10);
	engine_finish(e);
	engine_free(e);
}

/*
 * The connection a view shows (engine_keep) outlives eviction at
 * max_conns: the next least recently used goes instead, and the cap holds.
 */
static void
test_evict_keeps_viewed(void **state)
{
	struct engine_config	 cfg;
	struct engine		*e;
	struct segbuild		 sb;
	struct event_segment	 seg;
	uint32_t		 i;

	(void)state;
	engine_config_default(&cfg);
	cfg.max_conns = 100;
	e = engine_new(&cfg);
	segbuild_init(&sb, T0);
	for (i = 0; i < 300; i++) {
		sb.a = segbuild_ep4(10, 0, (uint8_t)(i >> 8), (uint8_t)i,
		    40000);
		seg = segbuild_make(&sb, 0, SEGF_SYN, i, 0, 0, 1000);
		engine_feed(e, &seg);
		if (i == 4)
			engine_keep(e, 5);	/* the 5th, once it exists */
	}
	assert_non_null(engine_conn_by_id(e, 5));
	assert_null(engine_conn_by_id(e, 4));
	assert_null(engine_conn_by_id(e, 6));
	assert_int_equal(engine_stats(e)->evicted, 200);
	engine_keep(e, 0);
	for (i = 0; i < 100; i++) {
		sb.a = segbuild_ep4(10, 1, 0, (uint8_t)i, 40000);
		seg = segbuild_make(&sb, 0, SEGF_SYN, i, 0, 0, 1000);
		engine_feed(e, &seg);
	}
	assert_null(engine_conn_by_id(e, 5));	/* kept no longer */
	engine_finish(e);
	engine_free(e);
}

/* Output waits for pending facts: nothing is handed out out of order. */
static void
test_watermark_holds(void **state)
{
	struct engine			*e;
	struct segbuild			 sb;
	struct event_segment		 seg;
	struct engine_transition	 tr;

	(void)state;
	e = engine_new(NULL);
	segbuild_init(&sb, T0);
	assert_true(segbuild_parse(&sb, "A>B SYN seq=100", &seg));
	engine_feed(e, &seg);
	/* E02 is settled, but B's E03 could still be dated at the SYN. */
	assert_false(engine_next(e, &tr));
	assert_true(engine_conn_tentative(e, engine_conn_at(e, 0),
	    CONN_SERVER));
	assert_false(engine_conn_tentative(e, engine_conn_at(e, 0),
	    CONN_CLIENT));
	assert_true(segbuild_parse(&sb, "B>A SYN,ACK seq=500 ack=101", &seg));
	engine_feed(e, &seg);
	assert_true(engine_next(e, &tr));
	assert_int_equal(tr.edge, FSM_E02);
	assert_true(engine_next(e, &tr));
	assert_int_equal(tr.edge, FSM_E01);
	assert_true(engine_next(e, &tr));
	assert_int_equal(tr.edge, FSM_E03);
	/* The client's E07 waits for its ACK or the settle window. */
	assert_false(engine_next(e, &tr));
	engine_advance(e, sb.t + 4 * COMPAT_NS_PER_SEC);
	assert_true(engine_next(e, &tr));
	assert_int_equal(tr.edge, FSM_E07);
	assert_int_equal(tr.t, sb.t);
	engine_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_cases_cover_edges),
		cmocka_unit_test(test_reason_and_history),
		cmocka_unit_test(test_challenge_ann),
		cmocka_unit_test(test_history_ring),
		cmocka_unit_test(test_watermark_holds),
		cmocka_unit_test(test_many_connections),
		cmocka_unit_test(test_evict_keeps_viewed),
		cmocka_unit_test(test_stats_cases),
		cmocka_unit_test(test_stats_close_wait),
		cmocka_unit_test(test_stats_off),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
