/*
 * SPDX-License-Identifier: MIT
 *
 * OTA configuration used by the C ABI behaviour tests (tests/c/abi).
 *
 * The library under test is built with this same file (OTA_CONFIG_DIR points at
 * this directory), exactly as firmware builds the agent with its own ota_config.h.
 * Values are chosen to keep the scenarios small and to exercise several paths:
 * 1 KiB blocks, four blocks per stream request, a progress update every second
 * block, and a short request momentum so retry exhaustion is quick to reach.
 */

#ifndef OTA_CONFIG_H_
#define OTA_CONFIG_H_

#include <stdio.h>

/* Task parameters: unused by the library, present as a port would have them. */
#define otaconfigSTACK_SIZE                     8192U
#define otaconfigAGENT_PRIORITY                 5U

/* 1 KiB file blocks. */
#define otaconfigLOG2_FILE_BLOCK_SIZE           10UL

/* Bytes of block bitmap: at most 1024 blocks, so files up to 1 MiB here. */
#define otaconfigMAX_BLOCK_BITMAP_SIZE          128U

/* Timers are simulated by the tests; the values only travel to timer.start. */
#define otaconfigSELF_TEST_RESPONSE_WAIT_MS     16000U
#define otaconfigFILE_REQUEST_WAIT_MS           10000U

#define otaconfigMAX_THINGNAME_LEN              128U

/* Four blocks per GetStream request. */
#define otaconfigMAX_NUM_BLOCKS_REQUEST         4U

/* Three requests without progress end the transfer. */
#define otaconfigMAX_NUM_REQUEST_MOMENTUM       3U

/* Progress status at block 1 and every second block. */
#define otaconfigOTA_UPDATE_STATUS_FREQUENCY    2U

/* Size of the application's OtaEventData_t pool (the library does not use it). */
#define otaconfigMAX_NUM_OTA_DATA_BUFFERS       16U

#define otaconfigAllowDowngrade                 0U

#define configOTA_FIRMWARE_UPDATE_FILE_TYPE_ID  0U

#define configENABLED_CONTROL_PROTOCOL          ( OTA_CONTROL_OVER_MQTT )
#define configENABLED_DATA_PROTOCOLS            ( OTA_DATA_OVER_MQTT | OTA_DATA_OVER_HTTP )
#define configOTA_PRIMARY_DATA_PROTOCOL         ( OTA_DATA_OVER_MQTT )

/* Short poll so a blocked OTA_EventProcess returns quickly in the tests. */
#define configOTA_POLLING_EVENTS_TIMEOUT_MS     20U

/*
 * Logging, in the agent's double-parenthesis convention: LogInfo( ( "fmt", args ) ).
 * Everything goes to stderr with a level prefix. LogDebug is silent unless the
 * build defines OTA_ABI_TEST_DEBUG_LOG.
 */
#define OTA_ABI_TEST_LOG_PRINT( ... )    ( void ) fprintf( stderr, __VA_ARGS__ )

#define OTA_ABI_TEST_LOG( prefix, message )      \
    do                                           \
    {                                            \
        ( void ) fputs( prefix, stderr );        \
        OTA_ABI_TEST_LOG_PRINT message;          \
        ( void ) fputc( '\n', stderr );          \
    } while( 0 )

#define LogError( message )    OTA_ABI_TEST_LOG( "[ERROR] ", message )
#define LogWarn( message )     OTA_ABI_TEST_LOG( "[WARN] ", message )
#define LogInfo( message )     OTA_ABI_TEST_LOG( "[INFO] ", message )

#ifdef OTA_ABI_TEST_DEBUG_LOG
    #define LogDebug( message )    OTA_ABI_TEST_LOG( "[DEBUG] ", message )
#else
    #define LogDebug( message )
#endif

#endif /* OTA_CONFIG_H_ */
