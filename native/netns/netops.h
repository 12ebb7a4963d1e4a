/*
 * netops: the work done inside one network namespace by sandbox.c, on the calling thread,
 * without N-API: bring a link up (ioctl), add an address and replace or remove a default route
 * (one rtnetlink request each, built the way iproute2 builds `ip address add ... [nodad]`,
 * `ip route replace default via ...` and `ip route del default`), and write a sysctl under
 * /proc/sys (which shows the calling thread's namespace). Each returns 0 or a positive errno.
 */
#ifndef BERTH_NETOPS_H
#define BERTH_NETOPS_H

#include <net/if.h>

enum netop_kind { NETOP_UP, NETOP_ADDR, NETOP_ROUTE, NETOP_NOROUTE, NETOP_SYSCTL };

typedef struct {
  enum netop_kind kind;
  int family; /* 4 or 6 (addr, route, noroute) */
  int prefix; /* addr */
  char ifname[IF_NAMESIZE]; /* up, addr; route when set */
  char address[64];         /* addr: the address; route: the gateway */
  char key[256];            /* sysctl: path below /proc/sys */
  char value[256];          /* sysctl */
} netop;

/* Sockets opened inside the namespace, on first use; close them with netops_close. */
typedef struct {
  int ioctl_fd;
  int nl_fd;
  unsigned seq;
} netops_ctx;

void netops_init(netops_ctx *c);
void netops_close(netops_ctx *c);
int netops_run(netops_ctx *c, const netop *op);
const char *netops_name(enum netop_kind kind);
int netops_write_sysctl(const char *relpath, const char *value);

#endif
