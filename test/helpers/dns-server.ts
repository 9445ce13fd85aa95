import dns2 from 'dns2';

const { Packet } = dns2;
// RFC 1035 §4.1.1 response codes (missing from @types/dns2).
const SERVFAIL = 2;
const NXDOMAIN = 3;

/** A real DNS server on loopback (UDP) that answers TXT queries from a map the test edits. */
export interface TestDnsServer {
  /** `ip:port`, as GATEHOUSE_DNS_SERVERS takes it. */
  address: string;
  /** The TXT records of a host (each record one string); none = NXDOMAIN. */
  txt: Map<string, string[]>;
  /** Hosts answered with SERVFAIL, as a broken authoritative server would. */
  failing: Set<string>;
  /** Every name asked, in order. */
  queries: string[];
  close(): Promise<void>;
}

export async function startDnsServer(): Promise<TestDnsServer> {
  const txt = new Map<string, string[]>();
  const failing = new Set<string>();
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const header = response.header as { rcode?: number };
      const [question] = request.questions;
      const name = question.name.toLowerCase();
      queries.push(name);
      if (failing.has(name)) {
        header.rcode = SERVFAIL;
      } else if (!txt.has(name)) {
        header.rcode = NXDOMAIN;
      } else if (question.type === Packet.TYPE.TXT) {
        // @types/dns2 types answers as encoded resources; the server encodes plain records itself.
        for (const data of txt.get(name)!)
          response.answers.push({ name: question.name, type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data } as never);
      }
      send(response);
    },
  });
  await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  const port = server.addresses().udp!.port;
  return { address: `127.0.0.1:${port}`, txt, failing, queries, close: () => server.close() };
}
