import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Which opens and clicks a machine made, so reports count them apart from people:
 *  - mail privacy proxies that fetch every image on delivery (Apple Mail Privacy Protection from
 *    Apple's 17.0.0.0/8, Google's and Yahoo's image proxies), and
 *  - link scanners of mail gateways (Proofpoint, Mimecast, Barracuda, Microsoft Defender's
 *    Safe Links, …) that follow every link before the person sees the message,
 * recognised by user agent and address, and by behaviour: a click within seconds of delivery, or
 * clicks on every link of the message at once.
 */
const PROXY_UA = /GoogleImageProxy|YahooMailProxy|ggpht\.com|Yahoo! Slurp/i;
const SCANNER_UA = /bot\b|crawler|spider|scanner|python-requests|curl\/|wget|Go-http-client|okhttp|java\/|libwww|HeadlessChrome|PhantomJS|Proofpoint|Mimecast|Barracuda|Symantec|Forcepoint|IronPort|Trend ?Micro|Sophos|Microsoft Office (Existence|Protocol) Discovery|BingPreview/i;

const machineNets = new BlockList();
// Apple Mail Privacy Protection relays, Google's image proxy and Microsoft's Safe Links scanners.
for (const [net, bits] of [['17.0.0.0', 8], ['66.102.0.0', 20], ['66.249.64.0', 19], ['40.94.0.0', 16], ['52.100.0.0', 14], ['104.47.0.0', 17]] as const) machineNets.addSubnet(net, bits, 'ipv4');
machineNets.addSubnet('2620:149::', 32, 'ipv6'); // Apple

/** Apple's proxy sends a bare WebKit user agent with no mail client name in it. */
const APPLE_MPP_UA = /^Mozilla\/5\.0 \(Macintosh; Intel Mac OS X [\d_]+\) AppleWebKit\/[\d.]+ \(KHTML, like Gecko\)$/;

function fromMachineNet(ip: string | null): boolean {
  if (!ip) return false;
  const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return isIPv4(plain) ? machineNets.check(plain, 'ipv4') : isIPv6(plain) ? machineNets.check(plain, 'ipv6') : false;
}

export function isMachineOpen(o: { ip: string | null; userAgent: string | null }): boolean {
  const ua = o.userAgent ?? '';
  return !ua || PROXY_UA.test(ua) || SCANNER_UA.test(ua) || APPLE_MPP_UA.test(ua) || fromMachineNet(o.ip);
}

/** A person needs more than this after delivery to open a message and click. */
export const HUMAN_CLICK_DELAY_MS = 10_000;
/** Clicks on every link within this window look like a scanner walking the message. */
export const ALL_LINKS_WINDOW_MS = 5_000;

export function isMachineClick(o: {
  ip: string | null;
  userAgent: string | null;
  now: Date;
  sentAt: Date | null;
  /** Distinct link positions this recipient clicked in the last ALL_LINKS_WINDOW_MS, this one included. */
  recentPositions: number;
  linkCount: number;
}): boolean {
  if (isMachineOpen(o)) return true;
  if (o.sentAt && o.now.getTime() - o.sentAt.getTime() < HUMAN_CLICK_DELAY_MS) return true;
  return o.linkCount >= 2 && o.recentPositions >= o.linkCount;
}
