/*
 * SPDX-License-Identifier: MIT
 *
 * ota_config.h for the header and layout checks: every value is left to
 * ota_config_defaults.h, and logging is compiled out (no printf needed, so
 * the checks also build for bare-metal targets).
 */

#ifndef OTA_CONFIG_H
#define OTA_CONFIG_H

#define LogError( message )
#define LogWarn( message )
#define LogInfo( message )
#define LogDebug( message )

#endif /* ifndef OTA_CONFIG_H */
