/**
 * Resolver sockets bound by Node on one address and port (UDP and TCP alike), for tests and
 * benchmarks that run without a container namespace. Port 0 picks a port free for both.
 */
import dgram from "node:dgram";
import net from "node:net";
import type { BoundSockets } from "../server.js";

export interface TestSockets extends BoundSockets {
  readonly address: string;
  readonly port: number;
}

function bindUdp(address: string, port: number): Promise<dgram.Socket> {
  const udp = dgram.createSocket(net.isIPv6(address) ? "udp6" : "udp4");
  return new Promise((res, rej) => {
    udp.once("error", rej);
    udp.bind(port, address, () => {
      udp.off("error", rej);
      res(udp);
    });
  });
}

function listenTcp(address: string, port: number): Promise<net.Server> {
  const tcp = net.createServer();
  return new Promise((res, rej) => {
    tcp.once("error", rej);
    tcp.listen({ host: address, port, exclusive: true }, () => {
      tcp.off("error", rej);
      res(tcp);
    });
  });
}

export async function bindTestSockets(address = "127.0.0.1", port = 0): Promise<TestSockets> {
  for (let attempt = 0; ; attempt++) {
    const udp = await bindUdp(address, port);
    const chosen = udp.address().port;
    try {
      const tcp = await listenTcp(address, chosen);
      return { udp, tcp, address, port: chosen };
    } catch (e) {
      udp.close();
      if (port !== 0 || attempt >= 20) throw e;
    }
  }
}
