/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: an unreliable stream. Block 2 is lost the first time, block 5 arrives
 * twice, and later batches arrive in reverse order. When the agent has nothing
 * left to wait for, the test fires the request timer, as the OS timer would after
 * otaconfigFILE_REQUEST_WAIT_MS. The agent must re-request exactly the missing
 * blocks, ignore the duplicate, accept any order, and store each block once.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 10U * 1024U + 300U )
#define STREAM       "stream-lossy"
#define JOB_ID       "job-lossy"

static uint8_t image[ FILE_SIZE ];

static BlockAction_t lossy( uint32_t block,
                            unsigned delivery )
{
    if( ( block == 2U ) && ( delivery == 0U ) )
    {
        return BLOCK_DROP;
    }

    if( ( block == 5U ) && ( delivery == 0U ) )
    {
        return BLOCK_DUPLICATE;
    }

    return BLOCK_DELIVER;
}

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t pal0;
    int fires = 0;
    size_t i;

    fake_setup( "lossy_stream" );

    fake_make_bytes( image, sizeof( image ), 5U );
    fake_cloud_add_stream( STREAM, 0U, image, FILE_SIZE );
    fake_cloud.filter = lossy;
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), STREAM, FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, NULL, afr );
    fake_cloud_set_next_job( exec );

    pal0 = fake_pal_count();
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    /* From now on every batch arrives last block first. */
    fake_cloud.reverseBatches = true;

    /* Each time the agent waits with nothing in flight, let the request timer expire. */
    while( ( OTA_GetState() == OtaAgentStateWaitingForFileBlock ) && ( fires < 10 ) )
    {
        CHECK( fake_timer_armed( OtaRequestTimer ), "agent waits for blocks without a request timer armed" );

        if( !fake_fire_timer( OtaRequestTimer ) )
        {
            break;
        }

        fires++;
        ( void ) fake_drive();
    }

    CHECK_STATE( OtaAgentStateWaitingForJob, "state after the lossy download" );
    CHECK( fires >= 1, "the download finished without a retry although block 2 was lost" );

    /* Every request after the first asks for exactly what is still missing. */
    {
        bool sawRetry = false;

        for( i = 0; i < fake_stream_req_count(); i++ )
        {
            const StreamReq_t * q = fake_stream_req( i );

            CHECK( q->valid, "request %zu is not a valid GetStream request", i );

            if( ( q->bitmapLen == 2U ) && ( q->bitmap[ 0 ] == 0xf4U ) && ( q->bitmap[ 1 ] == 0x07U ) )
            {
                sawRetry = true; /* blocks 2 and 4..10 missing */
            }

            CHECK( ( q->bitmapLen < 1U ) || ( ( q->bitmap[ 0 ] & 0x0bU ) == 0U ) || ( i == 0U ),
                   "request %zu asks again for a block already stored (bitmap %s)", i, fake_hex( q->bitmap, q->bitmapLen ) );
        }

        CHECK( sawRetry, "no request with bitmap f407 (blocks 2, 4..10) after block 2 was lost" );
    }

    fake_expect_image( pal0, image, FILE_SIZE, "image after a lossy stream" );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks" );
    CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventFail ), "Fail callbacks" );
    CHECK_INT( 0, fake_mqtt_count_status( 0, JOB_ID, "{\"status\":\"FAILED\"" ), "FAILED statuses" );
    CHECK_INT( 0, fake_pool_outstanding(), "event buffers still with the agent" );

    {
        OtaAgentStatistics_t stats;

        CHECK_INT( OtaErrNone, OTA_GetStatistics( &stats ), "OTA_GetStatistics" );
        CHECK_INT( 11, stats.otaPacketsProcessed, "statistics: processed (duplicate not counted)" );
        CHECK_INT( 12, stats.otaPacketsReceived, "statistics: received (11 blocks + 1 duplicate)" );
    }

    fake_shutdown_agent( 1 );
    return fake_finish();
}
