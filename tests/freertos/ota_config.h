/*
 * SPDX-License-Identifier: MIT
 *
 * OTA configuration of the FreeRTOS simulator test (tests/freertos). The test
 * builds libota with this file (OTA_CONFIG_DIR points here) and generates the
 * application's view of the C types from it, as firmware would.
 *
 * 1 KiB blocks and two blocks per GetStream request keep the run short; the
 * 300 ms request wait makes the retry after the block the test drops cost
 * little time.
 */

#ifndef OTA_CONFIG_H_
#define OTA_CONFIG_H_

/* Used by the test's own task creation, as an application would. */
#define otaconfigSTACK_SIZE                     1024U
#define otaconfigAGENT_PRIORITY                 3U

#define otaconfigLOG2_FILE_BLOCK_SIZE           10UL
#define otaconfigMAX_BLOCK_BITMAP_SIZE          128U
#define otaconfigSELF_TEST_RESPONSE_WAIT_MS     5000U
#define otaconfigFILE_REQUEST_WAIT_MS           300U
#define otaconfigMAX_THINGNAME_LEN              64U
#define otaconfigMAX_NUM_BLOCKS_REQUEST         2U
#define otaconfigMAX_NUM_REQUEST_MOMENTUM       8U
#define otaconfigOTA_UPDATE_STATUS_FREQUENCY    4U

/* The size of the test's OtaEventData_t pool. */
#define otaconfigMAX_NUM_OTA_DATA_BUFFERS       4U

#define otaconfigAllowDowngrade                 0U
#define configOTA_FIRMWARE_UPDATE_FILE_TYPE_ID  0U
#define configENABLED_CONTROL_PROTOCOL          ( OTA_CONTROL_OVER_MQTT )
#define configENABLED_DATA_PROTOCOLS            ( OTA_DATA_OVER_MQTT )
#define configOTA_PRIMARY_DATA_PROTOCOL         ( OTA_DATA_OVER_MQTT )
#define configOTA_POLLING_EVENTS_TIMEOUT_MS     100U

/*
 * Logging, in the agent's convention LogInfo( ( "fmt", args ) ). Each line is
 * one write(2) to stderr (sim_log.c): the agent logs from several FreeRTOS
 * tasks, and a stdio lock held by a preempted task would stop the others.
 * LogDebug prints only when OTA_FREERTOS_SIM_DEBUG is set.
 */
void otaSimLogError( const char * pFormat, ... );
void otaSimLogWarn( const char * pFormat, ... );
void otaSimLogInfo( const char * pFormat, ... );
void otaSimLogDebug( const char * pFormat, ... );

#define LogError( message )    otaSimLogError message
#define LogWarn( message )     otaSimLogWarn message
#define LogInfo( message )     otaSimLogInfo message
#define LogDebug( message )    otaSimLogDebug message

#endif /* OTA_CONFIG_H_ */
