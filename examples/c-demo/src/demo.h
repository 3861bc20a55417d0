/*
 * SPDX-License-Identifier: MIT
 *
 * demo.h - shared pieces of the OTA demo: console output, the event buffer
 * pool, the demo image header and the MQTT / HTTP glue of the agent.
 */

#ifndef OTA_DEMO_H
#define OTA_DEMO_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ota.h"
/* After ota.h: its ota_config.h sets OTA_USE_NONCONST_APPVERSION. */
#include "ota_appversion32.h"

/*------------------------------ console ------------------------------*/

/* One line on stdout, prefixed with "[ota_demo vX.Y.Z] " and flushed. */
void demoSay( const char * pFormat,
              ... ) __attribute__( ( format( printf, 1, 2 ) ) );

/* Monotonic milliseconds. */
int64_t demoNowMs( void );

/*------------------------------ outcome ------------------------------*/

/* Records the outcome of the run: the first code given wins, later ones are
 * ignored. Wakes demoRunUntilDone. Callable from any thread. */
void demoFinish( int code );

/* True once demoFinish was called. */
bool demoFinished( void );

/* Waits for the outcome: every pollMs it calls pTick (if not NULL), and it
 * ends the run with failCode once the agent has stopped by itself, or with
 * timeoutCode after timeoutSeconds (0: no limit). Then stops the agent
 * (waiting up to 3 s for it and joining its task), then the network, and
 * returns the outcome. */
int demoRunUntilDone( pthread_t task,
                      unsigned timeoutSeconds,
                      long pollMs,
                      void ( * pTick )( void ),
                      int failCode,
                      int timeoutCode );

/*---------------------------- event pool -----------------------------*/

/* Buffers handed to OTA_SignalEvent; each stays lent to the agent until the
 * callback receives OtaJobEventProcessed for it. More than the OS queue holds,
 * so a full queue, not the pool, is what limits a burst. */
#define DEMO_EVENT_BUFFERS    40U

OtaEventData_t * eventPool_Get( void );
void eventPool_Put( OtaEventData_t * pBuffer );

/* Copies a message into a pool buffer and signals it to the agent. Returns
 * false (and keeps nothing) if the message is too large, the pool is empty or
 * the agent's queue refused it. */
bool demoSignalData( OtaEvent_t eventId,
                     const void * pData,
                     size_t length );

/*----------------------------- demo image ----------------------------*/

/* A demo firmware image starts with one text line:
 *     OTA-DEMO-IMAGE v<major>.<minor>.<build>[ <flag>...]\n
 * followed by any payload. The flag "selftest=fail" makes the image fail its
 * self-test (to show a rollback). */
#define DEMO_IMAGE_MAGIC    "OTA-DEMO-IMAGE "

typedef struct DemoImageInfo
{
    AppVersion32_t version;
    bool failSelfTest;
} DemoImageInfo_t;

/* Reads and checks the header line of the image at pPath. */
bool demoImage_Read( const char * pPath,
                     DemoImageInfo_t * pInfo,
                     char * pWhy,
                     size_t whySize );

/* Parses "1.2.3" or "v1.2.3". */
bool demoParseVersion( const char * pText,
                       AppVersion32_t * pVersion );

/*------------------------------ MQTT glue ----------------------------*/

/* Connects (retrying for up to connectTimeoutMs), then runs the network loop
 * in a thread that (re)connects with backoff, subscribes again to every topic
 * the agent subscribed to and calls OTA_CheckForUpdate so the agent resumes.
 * Returns false only if the client cannot be set up: without a connection
 * after connectTimeoutMs the device starts anyway. */
bool mqttGlue_Start( const char * pHost,
                     int port,
                     const char * pClientId,
                     const char * pThingName,
                     uint32_t connectTimeoutMs );
void mqttGlue_Stop( void );
/* The device is about to reset or stop: a dropped connection is no longer
 * reported (a reset drops it without a goodbye). */
void mqttGlue_Quiet( void );
bool mqttGlue_IsConnected( void );
/* Connections made so far (1 after the first connect). */
unsigned mqttGlue_Connections( void );

OtaMqttStatus_t mqttGlue_Subscribe( const char * pTopicFilter,
                                    uint16_t topicFilterLength,
                                    uint8_t qos );
OtaMqttStatus_t mqttGlue_Unsubscribe( const char * pTopicFilter,
                                      uint16_t topicFilterLength,
                                      uint8_t qos );
OtaMqttStatus_t mqttGlue_Publish( const char * const pTopic,
                                  uint16_t topicLength,
                                  const char * pMessage,
                                  uint32_t messageLength,
                                  uint8_t qos );

/*------------------------------ HTTP glue ----------------------------*/

OtaHttpStatus_t httpGlue_Init( char * pUrl );
OtaHttpStatus_t httpGlue_Request( uint32_t rangeStart,
                                  uint32_t rangeEnd );
OtaHttpStatus_t httpGlue_Deinit( void );
/* Tells the HTTP glue that the agent is done with a buffer. */
void httpGlue_BufferReleased( const OtaEventData_t * pBuffer );

#endif /* ifndef OTA_DEMO_H */
