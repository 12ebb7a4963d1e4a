/* See netops.h. */
#define _GNU_SOURCE
#include "netops.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct {
  struct nlmsghdr n;
  union {
    struct ifaddrmsg ifa;
    struct rtmsg rt;
  } body;
  char attrs[128];
} nlreq;

void netops_init(netops_ctx *c) {
  c->ioctl_fd = -1;
  c->nl_fd = -1;
  c->seq = 0;
}

void netops_close(netops_ctx *c) {
  if (c->ioctl_fd >= 0) close(c->ioctl_fd);
  if (c->nl_fd >= 0) close(c->nl_fd);
  netops_init(c);
}

const char *netops_name(enum netop_kind kind) {
  switch (kind) {
    case NETOP_UP: return "up";
    case NETOP_ADDR: return "addr";
    case NETOP_ROUTE: return "route";
    case NETOP_NOROUTE: return "noroute";
    case NETOP_SYSCTL: return "sysctl";
  }
  return "?";
}

static int ioctl_sock(netops_ctx *c) {
  if (c->ioctl_fd < 0) c->ioctl_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  return c->ioctl_fd < 0 ? errno : 0;
}

static int nl_sock(netops_ctx *c) {
  if (c->nl_fd < 0) c->nl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  return c->nl_fd < 0 ? errno : 0;
}

static void named_ifreq(struct ifreq *ifr, const char *ifname) {
  memset(ifr, 0, sizeof *ifr);
  memcpy(ifr->ifr_name, ifname, strnlen(ifname, IF_NAMESIZE - 1));
}

static int ifindex(netops_ctx *c, const char *ifname, int *index) {
  int err = ioctl_sock(c);
  if (err) return err;
  struct ifreq ifr;
  named_ifreq(&ifr, ifname);
  if (ioctl(c->ioctl_fd, SIOCGIFINDEX, &ifr) < 0) return errno;
  *index = ifr.ifr_ifindex;
  return 0;
}

static int link_up(netops_ctx *c, const char *ifname) {
  int err = ioctl_sock(c);
  if (err) return err;
  struct ifreq ifr;
  named_ifreq(&ifr, ifname);
  if (ioctl(c->ioctl_fd, SIOCGIFFLAGS, &ifr) < 0) return errno;
  if (ifr.ifr_flags & IFF_UP) return 0;
  ifr.ifr_flags |= IFF_UP;
  return ioctl(c->ioctl_fd, SIOCSIFFLAGS, &ifr) < 0 ? errno : 0;
}

static void add_attr(nlreq *r, unsigned short type, const void *data, size_t len) {
  struct rtattr *a = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));
  a->rta_type = type;
  a->rta_len = RTA_LENGTH(len);
  memcpy(RTA_DATA(a), data, len);
  r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

/* Sends one request and waits for its acknowledgement: 0 or a positive errno. */
static int nl_talk(netops_ctx *c, nlreq *r) {
  int err = nl_sock(c);
  if (err) return err;
  r->n.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
  r->n.nlmsg_seq = ++c->seq;
  struct sockaddr_nl to = {.nl_family = AF_NETLINK};
  if (sendto(c->nl_fd, r, r->n.nlmsg_len, 0, (struct sockaddr *)&to, sizeof to) < 0) return errno;
  char buf[8192] __attribute__((aligned(4)));
  for (;;) {
    ssize_t got = recv(c->nl_fd, buf, sizeof buf, 0);
    if (got < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    int len = (int)got;
    for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_seq != r->n.nlmsg_seq || h->nlmsg_type != NLMSG_ERROR) continue;
      const struct nlmsgerr *e = NLMSG_DATA(h);
      return -e->error;
    }
  }
}

static int parse_ip(int family, const char *text, unsigned char out[16], size_t *len) {
  *len = family == 4 ? 4 : 16;
  return inet_pton(family == 4 ? AF_INET : AF_INET6, text, out) == 1 ? 0 : EINVAL;
}

/* `ip address add ADDR/PREFIX dev IFNAME` (IPv6: `nodad`): no broadcast, as ip without `brd`. */
static int addr_add(netops_ctx *c, const netop *op) {
  unsigned char a[16];
  size_t alen;
  int index, err = parse_ip(op->family, op->address, a, &alen);
  if (!err) err = ifindex(c, op->ifname, &index);
  if (err) return err;
  nlreq r;
  memset(&r, 0, sizeof r);
  r.n.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifaddrmsg));
  r.n.nlmsg_type = RTM_NEWADDR;
  r.n.nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
  r.body.ifa.ifa_family = op->family == 4 ? AF_INET : AF_INET6;
  r.body.ifa.ifa_prefixlen = (unsigned char)op->prefix;
  r.body.ifa.ifa_index = (unsigned)index;
  r.body.ifa.ifa_flags = op->family == 6 ? IFA_F_NODAD : 0;
  r.body.ifa.ifa_scope = op->family == 4 && a[0] == 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
  add_attr(&r, IFA_LOCAL, a, alen);
  add_attr(&r, IFA_ADDRESS, a, alen);
  return nl_talk(c, &r);
}

static void route_msg(nlreq *r, int family, int type, int flags) {
  memset(r, 0, sizeof *r);
  r->n.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
  r->n.nlmsg_type = (unsigned short)type;
  r->n.nlmsg_flags = (unsigned short)flags;
  r->body.rt.rtm_family = family == 4 ? AF_INET : AF_INET6;
  r->body.rt.rtm_table = RT_TABLE_MAIN;
  if (type == RTM_NEWROUTE) {
    r->body.rt.rtm_protocol = RTPROT_BOOT;
    r->body.rt.rtm_scope = RT_SCOPE_UNIVERSE;
    r->body.rt.rtm_type = RTN_UNICAST;
  } else {
    r->body.rt.rtm_scope = RT_SCOPE_NOWHERE;
  }
}

/* `ip route replace default via VIA [dev IFNAME]`: one atomic replace, as ip does. */
static int route_replace(netops_ctx *c, const netop *op) {
  unsigned char via[16];
  size_t vlen;
  int index = 0, err = parse_ip(op->family, op->address, via, &vlen);
  if (!err && op->ifname[0]) err = ifindex(c, op->ifname, &index);
  if (err) return err;
  nlreq r;
  route_msg(&r, op->family, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE);
  add_attr(&r, RTA_GATEWAY, via, vlen);
  if (op->ifname[0]) {
    unsigned oif = (unsigned)index;
    add_attr(&r, RTA_OIF, &oif, sizeof oif);
  }
  return nl_talk(c, &r);
}

/* Removes the family's default routes from the main table; none is not an error. */
static int route_clear(netops_ctx *c, int family) {
  for (int i = 0; i < 64; i++) {
    nlreq r;
    route_msg(&r, family, RTM_DELROUTE, 0);
    int err = nl_talk(c, &r);
    if (err == ESRCH || err == ENOENT) return 0;
    if (err) return err;
  }
  return ELOOP;
}

int netops_write_sysctl(const char *relpath, const char *value) {
  char path[512];
  if (relpath[0] == '/' || strstr(relpath, "..") != NULL) return EINVAL;
  if ((size_t)snprintf(path, sizeof path, "/proc/sys/%s", relpath) >= sizeof path) return ENAMETOOLONG;
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  size_t len = strlen(value);
  ssize_t n = write(fd, value, len);
  int err = n < 0 ? errno : (size_t)n != len ? EIO : 0;
  if (close(fd) < 0 && !err) err = errno;
  return err;
}

int netops_run(netops_ctx *c, const netop *op) {
  switch (op->kind) {
    case NETOP_UP: return link_up(c, op->ifname);
    case NETOP_ADDR: return addr_add(c, op);
    case NETOP_ROUTE: return route_replace(c, op);
    case NETOP_NOROUTE: return route_clear(c, op->family);
    case NETOP_SYSCTL: return netops_write_sysctl(op->key, op->value);
  }
  return EINVAL;
}
