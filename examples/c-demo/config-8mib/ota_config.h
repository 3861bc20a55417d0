/*
 * SPDX-License-Identifier: MIT
 *
 * The demo configuration for images up to 8 MiB: a 256-byte block bitmap
 * (2048 blocks of 4 KiB). Everything else as in ../config/ota_config.h.
 *
 * Build libota.a and the demo with this directory as the configuration:
 *     make CONFIG=config-8mib
 */

#ifndef OTA_DEMO_CONFIG_8MIB_H
#define OTA_DEMO_CONFIG_8MIB_H

#define otaconfigMAX_BLOCK_BITMAP_SIZE    256U

#include "../config/ota_config.h"

#endif /* ifndef OTA_DEMO_CONFIG_8MIB_H */
