/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: OTA_Suspend in the middle of an MQTT download (as applications do when
 * the connection drops), then OTA_Resume. Blocks that arrive while suspended are
 * dropped and returned; after resuming, the agent asks for the job again, the
 * service returns the same job, and the download continues from the bitmap:
 * blocks already stored are not requested or written again.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 10U * 1024U + 300U )
#define STREAM       "stream-sr"
#define JOB_ID       "job-suspend"

static uint8_t image[ FILE_SIZE ];
static size_t pal0;

static bool four_blocks_written( void )
{
    return fake_pal_count_op( pal0, PAL_WRITE ) >= 4U;
}

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t mqSuspend;
    size_t mqResume;
    size_t reqBefore;
    size_t cbBefore;
    OtaAgentStatistics_t stats;
    OtaErr_t err;
    uint32_t i;

    fake_setup( "suspend_resume" );

    fake_make_bytes( image, sizeof( image ), 3U );
    fake_cloud_add_stream( STREAM, 0U, image, FILE_SIZE );
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), STREAM, FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, NULL, afr );
    fake_cloud_set_next_job( exec );
    pal0 = fake_pal_count();

    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );

    /* Run until the first batch of four blocks is stored; the next request is queued. */
    ( void ) fake_drive_until( four_blocks_written, 10000 );
    CHECK_INT( 4, fake_pal_count_op( pal0, PAL_WRITE ), "blocks written before suspending" );
    CHECK_STATE( OtaAgentStateWaitingForFileBlock, "state before suspending" );

    mqSuspend = fake_mqtt_count();
    err = OTA_Suspend();
    CHECK_INT( OtaErrNone, err, "OTA_Suspend" );
    CHECK( !fake_timer_armed( OtaRequestTimer ), "OTA_Suspend did not stop the request timer" );

    /* The queued request goes out, then Suspend; the answer arrives while suspended. */
    ( void ) fake_drive();
    CHECK_STATE( OtaAgentStateSuspended, "state after OTA_Suspend" );
    CHECK_INT( 4, fake_pal_count_op( pal0, PAL_WRITE ), "blocks written while suspended" );
    CHECK_INT( 0, fake_pool_outstanding(), "buffers kept by the agent while suspended (blocks must be returned)" );
    CHECK_INT( OtaErrNone, OTA_GetStatistics( &stats ), "OTA_GetStatistics" );
    CHECK_INT( 4, stats.otaPacketsDropped, "statistics: blocks dropped while suspended" );

    /* A timer firing while suspended must not make the agent talk. */
    {
        size_t m = fake_mqtt_count();

        if( fake_timer_armed( OtaRequestTimer ) )
        {
            ( void ) fake_fire_timer( OtaRequestTimer );
            ( void ) fake_drive();
        }

        CHECK_INT( ( long long ) m, ( long long ) fake_mqtt_count(), "MQTT operations while suspended" );
        CHECK_STATE( OtaAgentStateSuspended, "state after a timer fired while suspended" );
    }

    /* Resume: job requested again, same job, download continues from the bitmap. */
    mqResume = fake_mqtt_count();
    reqBefore = fake_stream_req_count();
    cbBefore = fake_cb_count();
    err = OTA_Resume();
    CHECK_INT( OtaErrNone, err, "OTA_Resume" );
    ( void ) fake_drive();

    CHECK_STATE( OtaAgentStateWaitingForJob, "state after the resumed download" );
    CHECK_INT( 1, fake_mqtt_count_op( mqResume, MQ_PUB, topic_next_get() ), "job requests after OTA_Resume" );
    CHECK_INT( 1, fake_mqtt_count_op( mqResume, MQ_SUB, topic_stream_data( STREAM ) ), "stream subscriptions after OTA_Resume" );
    CHECK_INT( 1, fake_pal_count_op( pal0, PAL_CREATE ), "createFile calls (resume must reuse the open file)" );

    /* One file, each block written once in order, no abort before the close. */
    {
        PalExpect_t expected[ 16 ];
        size_t n = 0;

        expected[ n++ ] = ( PalExpect_t ) { PAL_CREATE, -1, 0, 0 };

        for( i = 0; i < 11U; i++ )
        {
            expected[ n++ ] = ( PalExpect_t ) { PAL_WRITE, -1, i * 1024U, ( i < 10U ) ? 1024U : 300U };
        }

        expected[ n++ ] = ( PalExpect_t ) { PAL_CLOSE, -1, 0, 0 };
        expected[ n++ ] = ( PalExpect_t ) { PAL_ACTIVATE, -1, 0, 0 };
        expected[ n++ ] = ( PalExpect_t ) { PAL_ABORT, -1, 0, 0 };
        fake_expect_pal( pal0, expected, n, false, "PAL calls across suspend/resume" );
    }

    if( fake_stream_req_count() > reqBefore )
    {
        const StreamReq_t * q = fake_stream_req( reqBefore );
        static const uint8_t want[] = { 0xf0, 0x07 };

        CHECK( ( q->bitmapLen == 2U ) && ( memcmp( q->bitmap, want, 2U ) == 0 ),
               "first request after resume asks for bitmap %s, expected f007 (blocks 4..10)", fake_hex( q->bitmap, q->bitmapLen ) );
    }
    else
    {
        CHECK( false, "no GetStream request after OTA_Resume" );
    }

    for( i = 0; i < 4U; i++ )
    {
        CHECK_INT( 1, fake_cloud_block_sends( i ), "times the cloud sent an already-stored block" );
    }

    fake_expect_image( pal0, image, FILE_SIZE, "image after suspend/resume" );
    CHECK_INT( 1, fake_cb_count_event( cbBefore, OtaJobEventActivate ), "Activate callbacks after resume" );
    CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventFail ), "Fail callbacks" );
    CHECK_INT( 1, fake_mqtt_count_status( mqSuspend, JOB_ID, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\"" ),
               "ready status after resume" );
    CHECK_INT( 0, fake_mqtt_count_status( 0, JOB_ID, "{\"status\":\"FAILED\"" ), "FAILED statuses" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
