/*
 * SPDX-License-Identifier: MIT
 *
 * Benchmark configuration: 4096-byte blocks, every other value
 * from ota_config_defaults.h, logging compiled out.
 */

#ifndef OTA_CONFIG_H
#define OTA_CONFIG_H

#define otaconfigLOG2_FILE_BLOCK_SIZE    12UL

#define LogError( message )
#define LogWarn( message )
#define LogInfo( message )
#define LogDebug( message )

#endif /* ifndef OTA_CONFIG_H */
