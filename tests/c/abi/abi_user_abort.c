/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: the application stops a download.
 *
 * 1. OTA_SetImageState( OtaImageStateAborted ) mid-download: the agent sets the
 *    platform image state to Aborted, reports FAILED "aborted: 0x00000013"
 *    (OtaErrUserAbort), aborts the open file and waits for the next job.
 * 2. A new job starts; OTA_Shutdown( 0, 1 ) mid-download: the file is aborted, both
 *    subscriptions are dropped, the agent stops, and everything the library
 *    allocated (no application buffers here) is freed.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 6U * 1024U + 10U )

static uint8_t image[ FILE_SIZE ];
static size_t g_mark;

static bool two_writes( void )
{
    return fake_pal_count_op( g_mark, PAL_WRITE ) >= 2U;
}

static bool set_state_seen( size_t from,
                            int state )
{
    size_t i;

    for( i = from; i < fake_pal_count(); i++ )
    {
        if( ( fake_pal_get( i )->op == PAL_SET_STATE ) && ( fake_pal_get( i )->state == state ) )
        {
            return true;
        }
    }

    return false;
}

static bool aborted_open( size_t from )
{
    size_t i;

    for( i = from; i < fake_pal_count(); i++ )
    {
        if( ( fake_pal_get( i )->op == PAL_ABORT ) && fake_pal_get( i )->fileOpen )
        {
            return true;
        }
    }

    return false;
}

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t mq;
    size_t pal;

    fake_setup( "user_abort" );

    fake_make_bytes( image, sizeof( image ), 31U );
    fake_cloud_add_stream( "stream-ua1", 0U, image, FILE_SIZE );
    fake_cloud_add_stream( "stream-ua2", 0U, image, FILE_SIZE );

    /* 1. User abort. */
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), "stream-ua1", FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), "job-ua-1", NULL, afr );
    fake_cloud_set_next_job( exec );
    g_mark = fake_pal_count();
    CHECK_INT( OtaErrNone, fake_start_agent( false ), "OTA_Init (no application buffers)" );
    ( void ) fake_drive_until( two_writes, 10000 );
    CHECK_STATE( OtaAgentStateWaitingForFileBlock, "state while job-ua-1 downloads" );

    fake_cloud_set_next_job( NULL );
    mq = fake_mqtt_count();
    pal = fake_pal_count();
    CHECK_INT( OtaErrNone, OTA_SetImageState( OtaImageStateAborted ), "OTA_SetImageState(Aborted) mid-download" );
    ( void ) fake_drive();

    CHECK_STATE( OtaAgentStateWaitingForJob, "state after the user abort" );
    CHECK_INT( OtaImageStateAborted, OTA_GetImageState(), "OTA_GetImageState after the user abort" );
    CHECK_INT( 1, fake_mqtt_count_status( mq, "job-ua-1", "{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"aborted: 0x00000013\"}}" ),
               "FAILED \"aborted: 0x00000013\" statuses for job-ua-1" );
    CHECK( set_state_seen( pal, OtaImageStateAborted ), "setPlatformImageState(Aborted) not called on user abort" );
    CHECK( aborted_open( pal ), "pal.abort not called on the open file" );
    CHECK_INT( 0, fake_pal_count_op( g_mark, PAL_CLOSE ), "closeFile calls for the aborted job" );
    CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks for the aborted job" );
    CHECK_INT( 1, fake_mqtt_count_op( mq, MQ_UNSUB, topic_stream_data( "stream-ua1" ) ), "stream unsubscribes after the user abort" );
    CHECK_INT( 0, fake_pool_outstanding(), "event buffers still with the agent" );
    CHECK_INT( 0, ( long long ) fake_heap_outstanding(), "os.mem blocks outstanding after the aborted job" );

    /* A second abort with nothing active changes nothing. */
    mq = fake_mqtt_count();
    CHECK_INT( OtaErrNone, OTA_SetImageState( OtaImageStateAborted ), "OTA_SetImageState(Aborted) with no job (queued)" );
    ( void ) fake_drive();
    CHECK_STATE( OtaAgentStateWaitingForJob, "state after an abort with no job" );
    CHECK_INT( 0, fake_mqtt_count_any_status( mq ), "statuses after an abort with no job" );

    /* 2. Shutdown mid-download. */
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), "stream-ua2", FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), "job-ua-2", NULL, afr );
    g_mark = fake_pal_count();
    CHECK( fake_cloud_notify_next( exec ), "notify-next with job-ua-2" );
    ( void ) fake_drive_until( two_writes, 10000 );
    CHECK_STATE( OtaAgentStateWaitingForFileBlock, "state while job-ua-2 downloads" );
    CHECK( fake_heap_outstanding() > 0U, "the library allocated nothing for a download without application buffers" );

    mq = fake_mqtt_count();
    pal = fake_pal_count();
    fake_shutdown_agent( 1 );
    CHECK( aborted_open( pal ), "pal.abort not called on the open file at shutdown" );
    CHECK_INT( 0, fake_pal_count_op( g_mark, PAL_CLOSE ), "closeFile calls for the interrupted job" );
    CHECK( fake_mqtt_count_op( mq, MQ_UNSUB, topic_stream_data( "stream-ua2" ) ) >= 1U, "no stream unsubscribe at shutdown" );
    CHECK_INT( 1, fake_mqtt_count_op( mq, MQ_UNSUB, topic_notify_next() ), "notify-next unsubscribes at shutdown" );
    CHECK_INT( 0, fake_mqtt_count_status( mq, "job-ua-2", "{\"status\":\"SUCCEEDED\"" ), "SUCCEEDED statuses at shutdown" );
    CHECK( !fake_timer_armed( OtaRequestTimer ), "request timer armed after shutdown" );
    CHECK_INT( 0, ( long long ) fake_heap_outstanding(), "os.mem blocks outstanding after shutdown" );

    return fake_finish();
}
