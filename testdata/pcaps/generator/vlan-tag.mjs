// Inserts 802.1Q / 802.1ad tags into every Ethernet frame of a classic pcap: what a SPAN port on a trunk
// delivers. generate.sh uses it because this machine's kernel has no VLAN devices, so tagged frames cannot be
// captured here for real; the frames themselves are real (captured on a veth between two network namespaces).
//
// Usage: node vlan-tag.mjs <in.pcap> <out.pcap> <vid>[,<vid>...]
//   one vid:   802.1Q (TPID 0x8100)
//   two vids:  QinQ, outer 802.1ad service tag (TPID 0x88a8), then the 802.1Q customer tag
import fs from 'node:fs';

const [inPath, outPath, vidList] = process.argv.slice(2);
if (!inPath || !outPath || !vidList) {
  console.error('usage: node vlan-tag.mjs <in.pcap> <out.pcap> <vid>[,<vid>...]');
  process.exit(2);
}
const vids = vidList.split(',').map((v) => Number.parseInt(v, 10));
if (vids.length < 1 || vids.length > 2 || vids.some((v) => !(v >= 1 && v <= 4094))) {
  console.error(`vlan-tag: vids must be one or two numbers in 1..4094, got ${vidList}`);
  process.exit(2);
}
const tpids = vids.length === 2 ? [0x88a8, 0x8100] : [0x8100];

const input = fs.readFileSync(inPath);
const magic = input.readUInt32LE(0);
const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
if (!le && input.readUInt32BE(0) !== 0xa1b2c3d4 && input.readUInt32BE(0) !== 0xa1b23c4d) {
  console.error(`vlan-tag: ${inPath} is not a classic pcap`);
  process.exit(1);
}
const u32 = (buf, at) => (le ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
const put32 = (buf, v, at) => (le ? buf.writeUInt32LE(v, at) : buf.writeUInt32BE(v, at));
if (u32(input, 20) !== 1) {
  console.error(`vlan-tag: ${inPath} is not Ethernet (link type ${u32(input, 20)})`);
  process.exit(1);
}

const tagBytes = 4 * tpids.length;
const tag = Buffer.alloc(tagBytes);
tpids.forEach((tpid, i) => {
  tag.writeUInt16BE(tpid, 4 * i);
  tag.writeUInt16BE(vids[i], 4 * i + 2); // priority 0, DEI 0
});

const out = [Buffer.from(input.subarray(0, 24))];
put32(out[0], u32(input, 16) + tagBytes, 16); // snaplen grows by the tags
let frames = 0;
for (let at = 24; at + 16 <= input.length; ) {
  const caplen = u32(input, at + 8);
  const origlen = u32(input, at + 12);
  const header = Buffer.from(input.subarray(at, at + 16));
  const frame = input.subarray(at + 16, at + 16 + caplen);
  put32(header, caplen + tagBytes, 8);
  put32(header, origlen + tagBytes, 12);
  // the tags go between the source MAC and the EtherType
  out.push(header, frame.subarray(0, 12), tag, frame.subarray(12));
  at += 16 + caplen;
  frames++;
}
fs.writeFileSync(outPath, Buffer.concat(out));
console.log(`vlan-tag: ${frames} frames tagged ${tpids.map((t, i) => `0x${t.toString(16)}/${vids[i]}`).join(' ')}`);
