//! CPU floor: for every block of a 1 MiB update, decode the data message with
//! `ota::stream::cbor::decode_data_block` and copy the payload into a RAM
//! "flash" buffer at its offset, with the checks an agent cannot skip (the block
//! belongs to the file, its length matches). Run it under
//! `valgrind --tool=callgrind --toggle-collect=ota_bench_floor_block` and divide
//! the collected instructions by the number of blocks.
//!
//! Messages use the service's layout, `{"c":"rdy","f":0,"i":i,"l":len,"p":bytes}`,
//! the same bytes the C harness (`bench/heap/harness.c`) delivers to the agent.

use ota::stream::cbor::decode_data_block;

const FILE_SIZE: usize = 1024 * 1024;
const BLOCK_SIZE: usize = ota::config::FILE_BLOCK_SIZE as usize;
const BLOCKS: usize = FILE_SIZE.div_ceil(BLOCK_SIZE);

/// Decodes one message and copies its payload into `flash`; the block index, or
/// `u32::MAX` when the message is rejected.
#[unsafe(no_mangle)]
#[inline(never)]
pub fn ota_bench_floor_block(msg: &[u8], flash: &mut [u8]) -> u32 {
    let Ok(b) = decode_data_block(msg) else {
        return u32::MAX;
    };
    let off = b.block_id as usize * BLOCK_SIZE;
    let want = BLOCK_SIZE.min(flash.len().saturating_sub(off));
    if b.file_id != 0 || b.block_size as usize != want || b.payload.len() != want {
        return u32::MAX;
    }
    match flash.get_mut(off..off + want) {
        Some(dst) => {
            dst.copy_from_slice(b.payload);
            b.block_id
        }
        None => u32::MAX,
    }
}

fn head(out: &mut Vec<u8>, major: u8, v: u32) {
    let m = major << 5;
    match v {
        0..=23 => out.push(m | v as u8),
        24..=0xff => out.extend_from_slice(&[m | 24, v as u8]),
        0x100..=0xffff => {
            out.push(m | 25);
            out.extend_from_slice(&(v as u16).to_be_bytes());
        }
        _ => {
            out.push(m | 26);
            out.extend_from_slice(&v.to_be_bytes());
        }
    }
}

fn message(image: &[u8], index: usize) -> Vec<u8> {
    let off = index * BLOCK_SIZE;
    let len = BLOCK_SIZE.min(image.len() - off);
    let mut m = Vec::with_capacity(len + 32);
    head(&mut m, 5, 5);
    m.extend_from_slice(&[
        0x61, b'c', 0x63, b'r', b'd', b'y', 0x61, b'f', 0x00, 0x61, b'i',
    ]);
    head(&mut m, 0, index as u32);
    m.extend_from_slice(&[0x61, b'l']);
    head(&mut m, 0, len as u32);
    m.extend_from_slice(&[0x61, b'p']);
    head(&mut m, 2, len as u32);
    m.extend_from_slice(&image[off..off + len]);
    m
}

fn main() {
    let mut x = 0x1234_5678u32;
    let image: Vec<u8> = (0..FILE_SIZE)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    let mut flash = vec![0xffu8; FILE_SIZE];
    let mut bad = 0usize;
    for i in 0..BLOCKS {
        let m = message(&image, i);
        if ota_bench_floor_block(std::hint::black_box(&m), &mut flash) != i as u32 {
            bad += 1;
        }
    }
    if flash != image {
        bad += 1;
    }
    println!("floor_blocks={BLOCKS}\nfloor_bad={bad}\nblock_size={BLOCK_SIZE}");
    std::process::exit(i32::from(bad != 0));
}
