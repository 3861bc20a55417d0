/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: the PAL reports errors, one job each.
 *
 * 1. createFile fails (OtaPalRxFileCreateFailed, sub 0x42): the job is aborted with
 *    the PAL status as reason, FAILED "aborted: 0xe4000042"; nothing is written.
 * 2. writeBlock stores one byte less than asked: the job fails (FAILED), the image
 *    is rejected and aborted, never activated.
 * 3. activate fails: OTA_ActivateNewImage returns OtaErrActivateFailed to the
 *    application; the download itself succeeded ("ready" was reported).
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 3U * 1024U + 5U )

static uint8_t image[ FILE_SIZE ];

static void start_job( const char * jobId )
{
    char afr[ 1024 ];
    char exec[ 2048 ];

    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), "stream-pal", FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), jobId, NULL, afr );
    CHECK( fake_cloud_notify_next( exec ), "notify-next with %s", jobId );
    ( void ) fake_drive();
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

int main( void )
{
    size_t mq;
    size_t pal;
    size_t cb;

    fake_setup( "pal_errors" );

    fake_make_bytes( image, sizeof( image ), 51U );
    fake_cloud_add_stream( "stream-pal", 0U, image, FILE_SIZE );
    fake_cloud_set_next_job( NULL );
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    /* 1. createFile fails. */
    fake_pal.createResult = OTA_PAL_COMBINE_ERR( OtaPalRxFileCreateFailed, 0x42 );
    mq = fake_mqtt_count();
    pal = fake_pal_count();
    start_job( "job-pal-create" );
    fake_pal.createResult = OTA_PAL_COMBINE_ERR( OtaPalSuccess, 0 );

    CHECK_INT( 1, fake_pal_count_op( pal, PAL_CREATE ), "createFile calls" );
    CHECK_INT( 0, fake_pal_count_op( pal, PAL_WRITE ), "writes after createFile failed" );
    CHECK_STR( "{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"aborted: 0xe4000042\"}}",
               fake_job_status( mq, "job-pal-create", "{\"status\":\"FAILED\"" ), "status after createFile failed" );
    CHECK( set_state_seen( pal, OtaImageStateAborted ), "setPlatformImageState(Aborted) not called after createFile failed" );
    CHECK_INT( 0, fake_mqtt_count_op( mq, MQ_PUB, topic_stream_get( "stream-pal" ) ), "stream requests after createFile failed" );
    CHECK_STATE( OtaAgentStateWaitingForJob, "state after createFile failed" );
    CHECK_INT( 0, fake_pool_outstanding(), "buffers still with the agent" );

    /* 2. writeBlock short. */
    fake_pal.writeShortAt = 1024;
    mq = fake_mqtt_count();
    pal = fake_pal_count();
    cb = fake_cb_count();
    start_job( "job-pal-write" );
    fake_pal.writeShortAt = -1;

    CHECK( fake_mqtt_count_status( mq, "job-pal-write", "{\"status\":\"FAILED\"" ) == 1U,
           "expected one FAILED status after a short write, got %s", fake_job_status( mq, "job-pal-write", "{" ) );
    abi_note( "short writeBlock -> %s", fake_job_status( mq, "job-pal-write", "{\"status\":\"FAILED\"" ) );
    CHECK_INT( 0, fake_cb_count_event( cb, OtaJobEventActivate ), "Activate callbacks after a short write" );
    CHECK_INT( 1, fake_cb_count_event( cb, OtaJobEventFail ), "Fail callbacks after a short write" );
    CHECK( set_state_seen( pal, OtaImageStateRejected ), "setPlatformImageState(Rejected) not called after a short write" );
    CHECK( fake_pal_count_op( pal, PAL_ABORT ) >= 1U, "file not aborted after a short write" );
    CHECK_INT( 0, fake_mqtt_count_status( mq, "job-pal-write", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\"" ),
               "ready statuses after a short write" );
    CHECK_STATE( OtaAgentStateWaitingForJob, "state after a short write" );
    CHECK_INT( 0, fake_pool_outstanding(), "buffers still with the agent" );

    /* 3. activate fails. */
    fake_pal.activateResult = OTA_PAL_COMBINE_ERR( OtaPalActivateFailed, 7 );
    mq = fake_mqtt_count();
    pal = fake_pal_count();
    cb = fake_cb_count();
    start_job( "job-pal-activate" );

    fake_expect_image( pal, image, FILE_SIZE, "image before the failed activation" );
    CHECK_INT( 1, fake_mqtt_count_status( mq, "job-pal-activate", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\"" ),
               "ready statuses" );
    {
        long a = fake_cb_find( cb, OtaJobEventActivate );

        CHECK( a >= 0, "no Activate callback" );

        if( a >= 0 )
        {
            CHECK_INT( OtaErrActivateFailed, fake_cb_get( ( size_t ) a )->apiResult, "OTA_ActivateNewImage() when pal.activate fails" );
        }
    }
    CHECK_INT( 1, fake_pal_count_op( pal, PAL_ACTIVATE ), "pal.activate calls" );
    CHECK_STATE( OtaAgentStateWaitingForJob, "state after the failed activation" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
