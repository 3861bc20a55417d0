/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: retries and their limit.
 *
 * 1. The first $next/get publish fails: the agent arms the request timer and,
 *    when it fires, asks again.
 * 2. The stream never answers. Each request-timer expiry sends the request again,
 *    up to otaconfigMAX_NUM_REQUEST_MOMENTUM (3) requests without progress; on the
 *    next expiry the agent gives up: the image is Aborted (FAILED "aborted: ..."),
 *    and the agent shuts itself down.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    4000U
#define STREAM       "stream-silent"
#define JOB_ID       "job-momentum"

static uint8_t image[ FILE_SIZE ];

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t mq0;
    size_t pal0;
    int fires = 0;

    fake_setup( "momentum" );

    fake_make_bytes( image, sizeof( image ), 6U );
    fake_cloud_add_stream( STREAM, 0U, image, FILE_SIZE );
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), STREAM, FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, NULL, afr );
    fake_cloud_set_next_job( exec );
    fake_cloud.silentStream = true;
    fake_mqtt_fail_publish( "/jobs/$next/get", 1 );

    mq0 = fake_mqtt_count();
    pal0 = fake_pal_count();
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    /* 1. The failed job request is retried when the request timer fires. */
    CHECK_INT( 1, fake_mqtt_count_op( mq0, MQ_PUB, topic_next_get() ), "job request attempts before the timer fired" );
    CHECK_STATE( OtaAgentStateRequestingJob, "state after a failed job request" );
    CHECK( fake_timer_armed( OtaRequestTimer ), "request timer not armed after a failed job request" );
    CHECK( fake_fire_timer( OtaRequestTimer ), "could not fire the request timer" );
    ( void ) fake_drive();
    CHECK_INT( 2, fake_mqtt_count_op( mq0, MQ_PUB, topic_next_get() ), "job request attempts after the timer fired" );
    CHECK_STATE( OtaAgentStateWaitingForFileBlock, "state after the job was received" );
    CHECK_INT( 1, fake_stream_req_count(), "stream requests before any timeout" );
    CHECK_STR( "OtaRequestTimer", fake_timer_name( OtaRequestTimer ), "request timer name" );
    CHECK_INT( otaconfigFILE_REQUEST_WAIT_MS, fake_timer_timeout( OtaRequestTimer ), "request timer timeout (ms)" );

    /* 2. Silent stream: retries, then abort. */
    while( ( OTA_GetState() != OtaAgentStateStopped ) && ( fires < 10 ) && fake_fire_timer( OtaRequestTimer ) )
    {
        fires++;
        ( void ) fake_drive();
    }

    CHECK_INT( otaconfigMAX_NUM_REQUEST_MOMENTUM, fake_stream_req_count(), "stream requests sent before giving up" );
    CHECK_INT( otaconfigMAX_NUM_REQUEST_MOMENTUM, fires, "request timer expiries until the agent gave up" );
    CHECK_STATE( OtaAgentStateStopped, "state after the request momentum ran out" );
    CHECK_INT( 1, fake_mqtt_count_status( mq0, JOB_ID, "{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"aborted: 0x" ),
               "FAILED/aborted statuses" );
    CHECK( fake_pal_count_op( pal0, PAL_ABORT ) >= 1U, "the partial file was not aborted" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_WRITE ), "writes" );
    CHECK_INT( 0, fake_pal_count_op( pal0, PAL_CLOSE ), "closeFile calls" );
    CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks" );
    CHECK( !fake_timer_armed( OtaRequestTimer ), "request timer armed after the agent stopped" );

    {
        size_t i;
        bool sawAborted = false;

        for( i = pal0; i < fake_pal_count(); i++ )
        {
            if( ( fake_pal_get( i )->op == PAL_SET_STATE ) && ( fake_pal_get( i )->state == OtaImageStateAborted ) )
            {
                sawAborted = true;
            }
        }

        CHECK( sawAborted, "setPlatformImageState(Aborted) was not called" );
    }

    CHECK( !OTA_SignalEvent( &( OtaEventMsg_t ) { NULL, OtaAgentEventStart } ), "OTA_SignalEvent accepted an event while Stopped" );

    return fake_finish();
}
