/*
 * SPDX-License-Identifier: MIT
 *
 * ota_config.h for the OTA demo on a POSIX host.
 *
 * libota.a and the demo must be built with this same file (OTA_Init checks
 * that the sizes agree). Values left out come from ota_config_defaults.h.
 *
 * Largest image: 8 x otaconfigMAX_BLOCK_BITMAP_SIZE blocks of
 * 2^otaconfigLOG2_FILE_BLOCK_SIZE bytes: 128 x 8 x 4 KiB = 4 MiB here.
 * config-8mib/ota_config.h raises the bitmap to 256 bytes for 8 MiB.
 */

#ifndef OTA_CONFIG_H
#define OTA_CONFIG_H

#include <stdio.h>

/* 4 KiB blocks (the AWS IoT default). */
#ifndef otaconfigLOG2_FILE_BLOCK_SIZE
    #define otaconfigLOG2_FILE_BLOCK_SIZE          12UL
#endif

/* Bytes of block bitmap: 128 bytes = 1024 blocks = 4 MiB. */
#ifndef otaconfigMAX_BLOCK_BITMAP_SIZE
    #define otaconfigMAX_BLOCK_BITMAP_SIZE         128U
#endif

/* Blocks asked for in one stream request. Blocks that do not come are asked
 * for again when the request timer expires, in the next request's bitmap. */
#ifndef otaconfigMAX_NUM_BLOCKS_REQUEST
    #define otaconfigMAX_NUM_BLOCKS_REQUEST        16U
#endif

/* Wait for requested blocks before asking again (restarted on each block). */
#ifndef otaconfigFILE_REQUEST_WAIT_MS
    #define otaconfigFILE_REQUEST_WAIT_MS          500U
#endif

/* Time the new image has to accept itself after the "reboot". */
#ifndef otaconfigSELF_TEST_RESPONSE_WAIT_MS
    #define otaconfigSELF_TEST_RESPONSE_WAIT_MS    10000U
#endif

/* Failed requests in a row before the agent gives up. */
#ifndef otaconfigMAX_NUM_REQUEST_MOMENTUM
    #define otaconfigMAX_NUM_REQUEST_MOMENTUM      32U
#endif

/* A "receive" progress update every 64 blocks. */
#ifndef otaconfigOTA_UPDATE_STATUS_FREQUENCY
    #define otaconfigOTA_UPDATE_STATUS_FREQUENCY   64U
#endif

#define otaconfigMAX_THINGNAME_LEN                 64U

/* Jobs may deliver the file over MQTT streams or pre-signed HTTP URLs;
 * MQTT is preferred when a job offers both. */
#define configENABLED_DATA_PROTOCOLS               ( OTA_DATA_OVER_MQTT | OTA_DATA_OVER_HTTP )
#define configOTA_PRIMARY_DATA_PROTOCOL            ( OTA_DATA_OVER_MQTT )

/* The demo learns its version at start-up (from the image it boots), so
 * appFirmwareVersion is not const. */
#define OTA_USE_NONCONST_APPVERSION                1

/* The agent's log messages go to stderr. Each message is a parenthesised
 * printf argument list: LogInfo( ( "fmt", args ) ). */
#define OTA_DEMO_LOG( level, message )                  \
    do {                                                \
        ( void ) fprintf( stderr, "ota %s: ", level );  \
        ( void ) fprintf message;                       \
        ( void ) fputc( '\n', stderr );                 \
    } while( 0 )
#define OTA_DEMO_STDERR( ... )    ( stderr, __VA_ARGS__ )

#define LogError( message )    OTA_DEMO_LOG( "error", OTA_DEMO_STDERR message )
#define LogWarn( message )     OTA_DEMO_LOG( "warn", OTA_DEMO_STDERR message )
#define LogInfo( message )     OTA_DEMO_LOG( "info", OTA_DEMO_STDERR message )
#ifdef OTA_DEMO_LOG_DEBUG
    #define LogDebug( message )    OTA_DEMO_LOG( "debug", OTA_DEMO_STDERR message )
#else
    #define LogDebug( message )
#endif

#endif /* ifndef OTA_CONFIG_H */
