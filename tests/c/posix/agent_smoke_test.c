/*
 * SPDX-License-Identifier: MIT
 *
 * agent_smoke_test.c - the agent of libota.a running on the POSIX OS layer
 * and PAL, with an MQTT stub that accepts everything and answers nothing.
 *
 *   agent_smoke_test pending
 *       The state file says PendingCommit (a new image just booted): the
 *       agent must start the self-test timer (otaconfigSELF_TEST_RESPONSE_WAIT_MS,
 *       300 ms in this configuration: below one second, so only a port with
 *       millisecond timers fires it on time), and on expiry reset the device
 *       from the timer thread: the PAL rolls the image back (Invalid) and
 *       calls the reset hook.
 *   agent_smoke_test idle
 *       A committed image: no self-test, no reset.
 *
 * Both then shut the agent down, which deletes the timers and ends the timer
 * thread.
 */

#ifndef _POSIX_C_SOURCE
    #define _POSIX_C_SOURCE    200809L
#endif

#include <pthread.h>
#include <string.h>

#include "ota.h"
#include "ota_os_posix.h"
#include "ota_pal_posix.h"
#include "test_support.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int resets = 0;
static int64_t resetAtMs = 0;
static int publishes = 0;
static int subscribes = 0;

static void resetHook( void )
{
    ( void ) pthread_mutex_lock( &lock );
    resets++;
    resetAtMs = nowMs();
    ( void ) pthread_mutex_unlock( &lock );
}

static OtaMqttStatus_t stubSubscribe( const char * pTopicFilter,
                                      uint16_t topicFilterLength,
                                      uint8_t qos )
{
    ( void ) pTopicFilter;
    ( void ) topicFilterLength;
    ( void ) qos;
    ( void ) pthread_mutex_lock( &lock );
    subscribes++;
    ( void ) pthread_mutex_unlock( &lock );

    return OtaMqttSuccess;
}

static OtaMqttStatus_t stubUnsubscribe( const char * pTopicFilter,
                                        uint16_t topicFilterLength,
                                        uint8_t qos )
{
    ( void ) pTopicFilter;
    ( void ) topicFilterLength;
    ( void ) qos;

    return OtaMqttSuccess;
}

static OtaMqttStatus_t stubPublish( const char * const pTopic,
                                    uint16_t topicLength,
                                    const char * pMessage,
                                    uint32_t messageLength,
                                    uint8_t qos )
{
    ( void ) pTopic;
    ( void ) topicLength;
    ( void ) pMessage;
    ( void ) messageLength;
    ( void ) qos;
    ( void ) pthread_mutex_lock( &lock );
    publishes++;
    ( void ) pthread_mutex_unlock( &lock );

    return OtaMqttSuccess;
}

static void appCallback( OtaJobEvent_t event,
                         void * pData )
{
    ( void ) event;
    ( void ) pData;
}

static void * agentTask( void * pArg )
{
    ( void ) pArg;
    OTA_EventProcessingTask( NULL );

    return NULL;
}

static bool waitFor( OtaState_t state,
                     uint32_t maxMs )
{
    int64_t until = nowMs() + ( int64_t ) maxMs;

    while( OTA_GetState() != state )
    {
        if( nowMs() > until )
        {
            return false;
        }

        sleepMs( 2 );
    }

    return true;
}

static int counter( const int * pValue )
{
    int v;

    ( void ) pthread_mutex_lock( &lock );
    v = *pValue;
    ( void ) pthread_mutex_unlock( &lock );

    return v;
}

int main( int argc,
          char ** argv )
{
    static uint8_t updateFilePath[ 256 ];
    static uint8_t certFilePath[ 256 ];
    static uint8_t streamName[ 64 ];
    static uint8_t decodeMem[ 1U << otaconfigLOG2_FILE_BLOCK_SIZE ];
    static uint8_t bitmap[ OTA_MAX_BLOCK_BITMAP_SIZE ];
    OtaAppBuffer_t buffers =
    {
        .pUpdateFilePath = updateFilePath, .updateFilePathsize = sizeof( updateFilePath ),
        .pCertFilePath   = certFilePath,   .certFilePathSize   = sizeof( certFilePath ),
        .pStreamName     = streamName,     .streamNameSize     = sizeof( streamName ),
        .pDecodeMemory   = decodeMem,      .decodeMemorySize   = sizeof( decodeMem ),
        .pFileBitmap     = bitmap,         .fileBitmapSize     = sizeof( bitmap ),
    };
    static OtaInterfaces_t interfaces =
    {
        .os   =
        {
            .event = { Posix_OtaInitEvent, Posix_OtaSendEvent, Posix_OtaReceiveEvent, Posix_OtaDeinitEvent, NULL },
            .timer = { Posix_OtaStartTimer, Posix_OtaStopTimer, Posix_OtaDeleteTimer },
            .mem   = { STDC_Malloc, STDC_Free },
        },
        .mqtt = { stubSubscribe, stubUnsubscribe, stubPublish },
        .pal  =
        {
            otaPal_Abort,      otaPal_CreateFileForRx,  otaPal_CloseFile,
            otaPal_WriteBlock, otaPal_ActivateNewImage, otaPal_ResetDevice,
            otaPal_SetPlatformImageState, otaPal_GetPlatformImageState
        },
    };
    OtaEventMsg_t start = { NULL, OtaAgentEventStart };
    pthread_t task;
    bool pending;
    int64_t startedMs;

    if( argc < 2 )
    {
        return 2;
    }

    pending = ( strcmp( argv[ 1 ], "pending" ) == 0 );
    CHECK_EQ_U( otaPal_GetPlatformImageState( NULL ),
                pending ? OtaPalImageStatePendingCommit : OtaPalImageStateValid );
    otaPal_SetResetHook( resetHook );

    CHECK_EQ_U( OTA_Init( &buffers, &interfaces, ( const uint8_t * ) "posix-smoke-thing", appCallback ), OtaErrNone );
    CHECK( pthread_create( &task, NULL, agentTask, NULL ) == 0 );
    startedMs = nowMs();
    CHECK( OTA_SignalEvent( &start ) );

    /* The job request went out; no answer comes. */
    CHECK( waitFor( OtaAgentStateWaitingForJob, 2000 ) );
    CHECK( counter( &publishes ) >= 1 );
    CHECK( counter( &subscribes ) >= 1 );

    if( pending )
    {
        int64_t until = startedMs + otaconfigSELF_TEST_RESPONSE_WAIT_MS + 2000;

        while( ( counter( &resets ) == 0 ) && ( nowMs() < until ) )
        {
            sleepMs( 5 );
        }

        CHECK_EQ_U( counter( &resets ), 1 );
        CHECK( resetAtMs - startedMs >= ( int64_t ) otaconfigSELF_TEST_RESPONSE_WAIT_MS - 1 );
        CHECK( resetAtMs - startedMs < ( int64_t ) otaconfigSELF_TEST_RESPONSE_WAIT_MS + 1000 );
        /* Not accepted in time: rolled back. */
        CHECK_EQ_U( otaPal_GetPlatformImageState( NULL ), OtaPalImageStateInvalid );
    }
    else
    {
        sleepMs( otaconfigSELF_TEST_RESPONSE_WAIT_MS + 200U );
        CHECK_EQ_U( counter( &resets ), 0 );
        CHECK_EQ_U( otaPal_GetPlatformImageState( NULL ), OtaPalImageStateValid );
    }

    /* Shut down; the event loop returns. */
    ( void ) OTA_Shutdown( 0, 1 );
    CHECK( waitFor( OtaAgentStateStopped, 3000 ) );
    CHECK( pthread_join( task, NULL ) == 0 );
    CHECK_EQ_U( Posix_OtaDeinitEvent( NULL ), OtaOsSuccess );

    return testResult( pending ? "agent_smoke_test pending" : "agent_smoke_test idle" );
}
