/*
 * SPDX-License-Identifier: MIT
 *
 * Throughput benchmark configuration (bench/throughput/run.sh).
 *
 * One block per GetStream request, the C agent's default
 * (otaconfigMAX_NUM_BLOCKS_REQUEST 1). Also the HTTP build: over HTTP the
 * agent asks for one block per request whatever this setting.
 *
 * 4 KiB blocks and a 256-byte block bitmap (2048 blocks: images up to 8 MiB,
 * as examples/c-demo/config-8mib); everything else as in the C demo's
 * examples/c-demo/config/ota_config.h, included below. libota.a and the demo
 * are both built with this directory, each configuration into its own
 * target/bench-throughput/<config>.
 */

#ifndef OTA_BENCH_THROUGHPUT_CONFIG_H
#define OTA_BENCH_THROUGHPUT_CONFIG_H

#define otaconfigMAX_NUM_BLOCKS_REQUEST    1U
#define otaconfigMAX_BLOCK_BITMAP_SIZE     256U
#define otaconfigLOG2_FILE_BLOCK_SIZE      12UL

#include "../../../examples/c-demo/config/ota_config.h"

#endif /* ifndef OTA_BENCH_THROUGHPUT_CONFIG_H */
