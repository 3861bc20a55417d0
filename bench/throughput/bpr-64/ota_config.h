/*
 * SPDX-License-Identifier: MIT
 *
 * Throughput benchmark configuration (bench/throughput/run.sh).
 *
 * 64 blocks per GetStream request. Not in the default sweep: a burst of 64
 * blocks overflows the demo's event queue (32 entries) and event buffers (40),
 * so blocks are lost and each round waits for the 500 ms request timer. Run it
 * with OTA_TP_BPR="1 8 16 32 64" bash bench/throughput/run.sh.
 *
 * 4 KiB blocks and a 256-byte block bitmap (2048 blocks: images up to 8 MiB,
 * as examples/c-demo/config-8mib); everything else as in the C demo's
 * examples/c-demo/config/ota_config.h, included below. libota.a and the demo
 * are both built with this directory, each configuration into its own
 * target/bench-throughput/<config>.
 */

#ifndef OTA_BENCH_THROUGHPUT_CONFIG_H
#define OTA_BENCH_THROUGHPUT_CONFIG_H

#define otaconfigMAX_NUM_BLOCKS_REQUEST    64U
#define otaconfigMAX_BLOCK_BITMAP_SIZE     256U
#define otaconfigLOG2_FILE_BLOCK_SIZE      12UL

#include "../../../examples/c-demo/config/ota_config.h"

#endif /* ifndef OTA_BENCH_THROUGHPUT_CONFIG_H */
