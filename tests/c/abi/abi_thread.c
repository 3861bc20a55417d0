/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: the agent in its own thread, as POSIX demos run it: a pthread calls
 * OTA_EventProcessingTask; the main thread signals Start, waits for the update to
 * finish (cloud answers arrive from the agent's thread, inside publish), then calls
 * OTA_Shutdown and joins the thread. No application buffers: everything the
 * library allocates must be freed by the end.
 */

#define _XOPEN_SOURCE 700

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 20U * 1024U + 77U )
#define STREAM       "stream-thread"
#define JOB_ID       "job-thread"

static uint8_t image[ FILE_SIZE ];
static volatile int g_task_returned = 0;

/* Block 7 is lost once: the main thread plays the OS timer task and fires the
 * request timer while the agent thread waits in os.event.recv. */
static BlockAction_t lose_block_7( uint32_t block,
                                   unsigned delivery )
{
    return ( ( block == 7U ) && ( delivery == 0U ) ) ? BLOCK_DROP : BLOCK_DELIVER;
}

static void * agent_thread( void * arg )
{
    ( void ) arg;
    OTA_EventProcessingTask( NULL );
    g_task_returned = 1;
    return NULL;
}

static void sleep_ms( long ms )
{
    struct timespec ts;

    ts.tv_sec = ms / 1000;
    ts.tv_nsec = ( ms % 1000 ) * 1000000L;
    ( void ) nanosleep( &ts, NULL );
}

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    pthread_t th;
    size_t pal0;
    int waited;
    int fires = 0;
    OtaState_t s;

    fake_setup( "thread" );

    fake_make_bytes( image, sizeof( image ), 10U );
    fake_cloud_add_stream( STREAM, 0U, image, FILE_SIZE );
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), STREAM, FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, NULL, afr );
    fake_cloud_set_next_job( exec );
    fake_cloud.filter = lose_block_7;
    pal0 = fake_pal_count();

    CHECK_INT( OtaErrNone, OTA_Init( fake_app_buffers( false ), fake_interfaces(), ( const uint8_t * ) ABI_THING_NAME,
                                     fake_app_callback ), "OTA_Init" );

    if( pthread_create( &th, NULL, agent_thread, NULL ) != 0 )
    {
        CHECK( false, "pthread_create failed" );
        return fake_finish();
    }

    CHECK( fake_signal_event( OtaAgentEventStart ), "OTA_SignalEvent(Start)" );

    /* Wait (up to 20 s) for the file to be closed and the agent back waiting for a job;
     * when the agent sits idle waiting for blocks, let the request timer expire. */
    {
        size_t lastWrites = 0;
        int idle = 0;

        for( waited = 0; waited < 20000; waited += 5 )
        {
            size_t w = fake_pal_count_op( pal0, PAL_WRITE );

            if( ( fake_cb_count_event( 0, OtaJobEventActivate ) == 1U ) && ( fake_pal_count_op( pal0, PAL_ABORT ) >= 1U ) &&
                ( OTA_GetState() == OtaAgentStateWaitingForJob ) && ( fake_queue_len() == 0U ) )
            {
                break;
            }

            idle = ( ( w == lastWrites ) && ( fake_queue_len() == 0U ) ) ? ( idle + 1 ) : 0;
            lastWrites = w;

            if( ( idle >= 20 ) && ( OTA_GetState() == OtaAgentStateWaitingForFileBlock ) && fake_timer_armed( OtaRequestTimer ) )
            {
                CHECK( fake_fire_timer( OtaRequestTimer ), "could not fire the request timer" );
                fires++;
                idle = 0;
            }

            sleep_ms( 5 );
        }
    }

    CHECK( fires >= 1, "block 7 was lost but the request timer was never needed" );
    CHECK_INT( 2, fake_cloud_block_sends( 7 ), "times block 7 was sent (lost once, then re-requested)" );

    CHECK( waited < 20000, "update did not finish within 20 s (state %d)", ( int ) OTA_GetState() );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks" );

    {
        OtaAgentStatistics_t stats;

        CHECK_INT( OtaErrNone, OTA_GetStatistics( &stats ), "OTA_GetStatistics from another thread" );
        CHECK_INT( 21, stats.otaPacketsProcessed, "statistics: processed" );
    }

    /* Shut down from the main thread; the agent thread must leave its task. */
    s = OTA_Shutdown( 0xffffffffU, 1 );

    for( waited = 0; ( waited < 10000 ) && !g_task_returned; waited += 5 )
    {
        sleep_ms( 5 );
    }

    CHECK( g_task_returned, "OTA_EventProcessingTask did not return within 10 s of OTA_Shutdown" );

    if( g_task_returned )
    {
        ( void ) pthread_join( th, NULL );
    }

    CHECK_INT( OtaAgentStateStopped, s, "OTA_Shutdown(0xffffffff, 1) return value (it waits until Stopped)" );
    CHECK_STATE( OtaAgentStateStopped, "state after OTA_Shutdown" );
    CHECK_INT( 1, fake_mqtt_count_op( 0, MQ_UNSUB, topic_notify_next() ), "unsubscribes from notify-next" );

    fake_expect_image( pal0, image, FILE_SIZE, "image stored by the agent thread" );
    CHECK_INT( 0, fake_pool_outstanding(), "event buffers still with the agent" );
    CHECK_INT( 0, ( long long ) fake_heap_outstanding(), "os.mem blocks outstanding after shutdown" );

    return fake_finish();
}
