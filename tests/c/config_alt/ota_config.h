/*
 * SPDX-License-Identifier: MIT
 *
 * ota_config.h with non-default values for the layout checks, to show that
 * the config-dependent sizes follow the configuration: 1 KiB blocks, the
 * v3.4.0 thing-name limit of 64 and a 256-byte block bitmap.
 */

#ifndef OTA_CONFIG_H
#define OTA_CONFIG_H

#define otaconfigLOG2_FILE_BLOCK_SIZE     10UL
#define otaconfigMAX_THINGNAME_LEN        64U
#define otaconfigMAX_BLOCK_BITMAP_SIZE    256U

#define LogError( message )
#define LogWarn( message )
#define LogInfo( message )
#define LogDebug( message )

#endif /* ifndef OTA_CONFIG_H */
