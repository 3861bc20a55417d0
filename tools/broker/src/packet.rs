//! MQTT 3.1.1 control packets: encoding and decoding.
//!
//! Only what a clean-session broker and client need. Decoding never panics on
//! malformed input; it returns [`std::io::ErrorKind::InvalidData`] instead.

use std::io::{self, Read, Write};

/// Largest "remaining length" the MQTT encoding can express (268,435,455 bytes).
pub const MAX_REMAINING_LENGTH: usize = 268_435_455;

/// Quality of service of a message or subscription.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QoS {
    /// At most once.
    AtMostOnce = 0,
    /// At least once.
    AtLeastOnce = 1,
    /// Exactly once (accepted on the wire, served as at least once by the broker).
    ExactlyOnce = 2,
}

impl QoS {
    /// Converts the two QoS bits; `None` for the reserved value 3.
    pub fn from_bits(bits: u8) -> Option<QoS> {
        match bits {
            0 => Some(QoS::AtMostOnce),
            1 => Some(QoS::AtLeastOnce),
            2 => Some(QoS::ExactlyOnce),
            _ => None,
        }
    }
}

/// A CONNECT packet (the fields this project uses; will and credentials are skipped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connect {
    /// Protocol level: 4 for MQTT 3.1.1, 3 for MQTT 3.1.
    pub protocol_level: u8,
    /// Client identifier (may be empty when `clean_session` is set).
    pub client_id: String,
    /// Keep-alive interval in seconds; 0 disables it.
    pub keep_alive: u16,
    /// Clean-session flag.
    pub clean_session: bool,
}

/// A PUBLISH packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Publish {
    /// Topic name (no wildcards).
    pub topic: String,
    /// Payload bytes.
    pub payload: Vec<u8>,
    /// Delivery QoS.
    pub qos: QoS,
    /// Retain flag (carried, not acted on by the broker).
    pub retain: bool,
    /// Duplicate-delivery flag.
    pub dup: bool,
    /// Packet identifier; meaningful only for QoS 1 and 2.
    pub packet_id: u16,
}

/// One MQTT 3.1.1 control packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Packet {
    /// Client request to connect.
    Connect(Connect),
    /// Connect acknowledgement: session-present flag and return code.
    Connack {
        /// Session-present flag.
        session_present: bool,
        /// 0 = accepted; 1..5 = refused.
        code: u8,
    },
    /// Application message.
    Publish(Publish),
    /// QoS 1 acknowledgement.
    Puback(u16),
    /// QoS 2, part 1.
    Pubrec(u16),
    /// QoS 2, part 2.
    Pubrel(u16),
    /// QoS 2, part 3.
    Pubcomp(u16),
    /// Subscribe request: packet id and (filter, requested QoS) pairs.
    Subscribe {
        /// Packet identifier.
        packet_id: u16,
        /// Topic filters with their requested QoS.
        filters: Vec<(String, QoS)>,
    },
    /// Subscribe acknowledgement: one return code per filter (0..2 or 0x80).
    Suback {
        /// Packet identifier.
        packet_id: u16,
        /// Granted QoS per filter, or 0x80 for failure.
        codes: Vec<u8>,
    },
    /// Unsubscribe request.
    Unsubscribe {
        /// Packet identifier.
        packet_id: u16,
        /// Topic filters to remove.
        filters: Vec<String>,
    },
    /// Unsubscribe acknowledgement.
    Unsuback(u16),
    /// Keep-alive ping.
    Pingreq,
    /// Keep-alive answer.
    Pingresp,
    /// Orderly disconnect.
    Disconnect,
}

fn bad(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_string())
}

fn put_u16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) -> io::Result<()> {
    let len = u16::try_from(s.len()).map_err(|_| bad("string longer than 65535 bytes"))?;
    put_u16(out, len);
    out.extend_from_slice(s.as_bytes());
    Ok(())
}

fn put_remaining_length(out: &mut Vec<u8>, mut len: usize) -> io::Result<()> {
    if len > MAX_REMAINING_LENGTH {
        return Err(bad("packet too large for MQTT"));
    }
    loop {
        let mut byte = (len % 128) as u8;
        len /= 128;
        if len > 0 {
            byte |= 0x80;
        }
        out.push(byte);
        if len == 0 {
            return Ok(());
        }
    }
}

impl Packet {
    /// Serialises the packet into its wire form.
    pub fn encode(&self) -> io::Result<Vec<u8>> {
        let mut body = Vec::new();
        let first: u8 = match self {
            Packet::Connect(c) => {
                let name = if c.protocol_level == 3 {
                    "MQIsdp"
                } else {
                    "MQTT"
                };
                put_str(&mut body, name)?;
                body.push(c.protocol_level);
                body.push(if c.clean_session { 0x02 } else { 0 });
                put_u16(&mut body, c.keep_alive);
                put_str(&mut body, &c.client_id)?;
                0x10
            }
            Packet::Connack {
                session_present,
                code,
            } => {
                body.push(u8::from(*session_present));
                body.push(*code);
                0x20
            }
            Packet::Publish(p) => {
                put_str(&mut body, &p.topic)?;
                if p.qos != QoS::AtMostOnce {
                    put_u16(&mut body, p.packet_id);
                }
                body.extend_from_slice(&p.payload);
                0x30 | (u8::from(p.dup) << 3) | ((p.qos as u8) << 1) | u8::from(p.retain)
            }
            Packet::Puback(id) => {
                put_u16(&mut body, *id);
                0x40
            }
            Packet::Pubrec(id) => {
                put_u16(&mut body, *id);
                0x50
            }
            Packet::Pubrel(id) => {
                put_u16(&mut body, *id);
                0x62
            }
            Packet::Pubcomp(id) => {
                put_u16(&mut body, *id);
                0x70
            }
            Packet::Subscribe { packet_id, filters } => {
                put_u16(&mut body, *packet_id);
                for (f, q) in filters {
                    put_str(&mut body, f)?;
                    body.push(*q as u8);
                }
                0x82
            }
            Packet::Suback { packet_id, codes } => {
                put_u16(&mut body, *packet_id);
                body.extend_from_slice(codes);
                0x90
            }
            Packet::Unsubscribe { packet_id, filters } => {
                put_u16(&mut body, *packet_id);
                for f in filters {
                    put_str(&mut body, f)?;
                }
                0xA2
            }
            Packet::Unsuback(id) => {
                put_u16(&mut body, *id);
                0xB0
            }
            Packet::Pingreq => 0xC0,
            Packet::Pingresp => 0xD0,
            Packet::Disconnect => 0xE0,
        };
        let mut out = Vec::with_capacity(body.len() + 5);
        out.push(first);
        put_remaining_length(&mut out, body.len())?;
        out.extend_from_slice(&body);
        Ok(out)
    }

    /// Writes the packet to `w` in one `write_all`.
    pub fn write_to<W: Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(&self.encode()?)
    }

    /// Reads one packet from `r`, refusing bodies larger than `max_len` bytes.
    ///
    /// End of stream before the first byte is reported as
    /// [`io::ErrorKind::UnexpectedEof`].
    pub fn read_from<R: Read>(r: &mut R, max_len: usize) -> io::Result<Packet> {
        let mut first = [0u8; 1];
        r.read_exact(&mut first)?;
        let mut len: usize = 0;
        let mut shift = 0;
        loop {
            let mut b = [0u8; 1];
            r.read_exact(&mut b)?;
            len |= ((b[0] & 0x7F) as usize) << shift;
            if b[0] & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 21 {
                return Err(bad("malformed remaining length"));
            }
        }
        if len > max_len {
            return Err(bad("packet exceeds the size limit"));
        }
        let mut body = vec![0u8; len];
        r.read_exact(&mut body)?;
        Packet::decode(first[0], &body)
    }

    /// Decodes a packet from its first byte and its body (the bytes after the length).
    pub fn decode(first: u8, body: &[u8]) -> io::Result<Packet> {
        let mut cur = Cursor { buf: body, pos: 0 };
        let flags = first & 0x0F;
        let packet = match first >> 4 {
            1 => {
                let name = cur.string()?;
                let level = cur.u8()?;
                if name != "MQTT" && name != "MQIsdp" {
                    return Err(bad("unknown protocol name"));
                }
                let cflags = cur.u8()?;
                let keep_alive = cur.u16()?;
                let client_id = cur.string()?;
                if cflags & 0x04 != 0 {
                    cur.string()?; // will topic
                    cur.binary()?; // will message
                }
                if cflags & 0x80 != 0 {
                    cur.string()?; // user name
                }
                if cflags & 0x40 != 0 {
                    cur.binary()?; // password
                }
                Packet::Connect(Connect {
                    protocol_level: level,
                    client_id,
                    keep_alive,
                    clean_session: cflags & 0x02 != 0,
                })
            }
            2 => {
                let sp = cur.u8()?;
                let code = cur.u8()?;
                Packet::Connack {
                    session_present: sp & 1 != 0,
                    code,
                }
            }
            3 => {
                let qos = QoS::from_bits((flags >> 1) & 3).ok_or_else(|| bad("QoS 3"))?;
                let topic = cur.string()?;
                let packet_id = if qos == QoS::AtMostOnce {
                    0
                } else {
                    cur.u16()?
                };
                Packet::Publish(Publish {
                    topic,
                    payload: cur.rest().to_vec(),
                    qos,
                    retain: flags & 1 != 0,
                    dup: flags & 8 != 0,
                    packet_id,
                })
            }
            4 => Packet::Puback(cur.u16()?),
            5 => Packet::Pubrec(cur.u16()?),
            6 => Packet::Pubrel(cur.u16()?),
            7 => Packet::Pubcomp(cur.u16()?),
            8 => {
                let packet_id = cur.u16()?;
                let mut filters = Vec::new();
                while !cur.is_empty() {
                    let f = cur.string()?;
                    let q = QoS::from_bits(cur.u8()? & 3).ok_or_else(|| bad("QoS 3"))?;
                    filters.push((f, q));
                }
                if filters.is_empty() {
                    return Err(bad("SUBSCRIBE without filters"));
                }
                Packet::Subscribe { packet_id, filters }
            }
            9 => {
                let packet_id = cur.u16()?;
                Packet::Suback {
                    packet_id,
                    codes: cur.rest().to_vec(),
                }
            }
            10 => {
                let packet_id = cur.u16()?;
                let mut filters = Vec::new();
                while !cur.is_empty() {
                    filters.push(cur.string()?);
                }
                if filters.is_empty() {
                    return Err(bad("UNSUBSCRIBE without filters"));
                }
                Packet::Unsubscribe { packet_id, filters }
            }
            11 => Packet::Unsuback(cur.u16()?),
            12 => Packet::Pingreq,
            13 => Packet::Pingresp,
            14 => Packet::Disconnect,
            _ => return Err(bad("reserved packet type")),
        };
        Ok(packet)
    }
}

struct Cursor<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> io::Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or_else(|| bad("overflow"))?;
        let s = self
            .buf
            .get(self.pos..end)
            .ok_or_else(|| bad("truncated packet"))?;
        self.pos = end;
        Ok(s)
    }
    fn u8(&mut self) -> io::Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> io::Result<u16> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn binary(&mut self) -> io::Result<&'a [u8]> {
        let n = self.u16()? as usize;
        self.take(n)
    }
    fn string(&mut self) -> io::Result<String> {
        let b = self.binary()?;
        String::from_utf8(b.to_vec()).map_err(|_| bad("string is not UTF-8"))
    }
    fn rest(&mut self) -> &'a [u8] {
        let s = &self.buf[self.pos..];
        self.pos = self.buf.len();
        s
    }
    fn is_empty(&self) -> bool {
        self.pos >= self.buf.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(p: Packet) {
        let bytes = p.encode().unwrap();
        let back = Packet::read_from(&mut &bytes[..], 1 << 20).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn packets_round_trip() {
        round_trip(Packet::Connect(Connect {
            protocol_level: 4,
            client_id: "dev".into(),
            keep_alive: 30,
            clean_session: true,
        }));
        round_trip(Packet::Publish(Publish {
            topic: "$aws/things/t/jobs/$next/get".into(),
            payload: vec![7; 200_000],
            qos: QoS::AtLeastOnce,
            retain: false,
            dup: false,
            packet_id: 9,
        }));
        round_trip(Packet::Subscribe {
            packet_id: 3,
            filters: vec![
                ("a/+/c".into(), QoS::AtLeastOnce),
                ("#".into(), QoS::AtMostOnce),
            ],
        });
        round_trip(Packet::Suback {
            packet_id: 3,
            codes: vec![1, 0x80],
        });
        round_trip(Packet::Unsubscribe {
            packet_id: 4,
            filters: vec!["x".into()],
        });
        for p in [
            Packet::Puback(1),
            Packet::Pubrec(2),
            Packet::Pubrel(3),
            Packet::Pubcomp(4),
            Packet::Unsuback(5),
            Packet::Pingreq,
            Packet::Pingresp,
            Packet::Disconnect,
        ] {
            round_trip(p);
        }
    }

    #[test]
    fn malformed_input_is_an_error() {
        assert!(
            Packet::read_from(&mut &[0x30u8, 0xFF, 0xFF, 0xFF, 0xFF, 0x01][..], 1 << 20).is_err()
        );
        assert!(Packet::read_from(&mut &[0x30u8, 3, 0, 9, b'a'][..], 1 << 20).is_err());
        assert!(Packet::read_from(&mut &[0x30u8, 0x80, 0x80, 0x10][..], 1000).is_err());
        assert!(Packet::read_from(&mut &[0xF0u8, 0][..], 1000).is_err());
        assert!(Packet::read_from(&mut &[0x36u8, 3, 0, 1, b'a'][..], 1000).is_err());
    }
}
