/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: the pre-signed URL of an HTTP download expires mid-way. Range requests
 * stop being answered; the application calls OTA_CheckForUpdate, the service
 * returns the same job with a fresh URL, and the agent re-initialises HTTP with it
 * and continues from the first missing block: the same file stays open and no
 * block is fetched or written twice.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 7U * 1024U + 512U )
#define JOB_ID       "job-http-refresh"
#define URL1         "https://ota-bucket.s3.amazonaws.com/fw.bin?X-Amz-Expires=60&X-Amz-Signature=1111"
#define URL2         "https://ota-bucket.s3.amazonaws.com/fw.bin?X-Amz-Expires=60&X-Amz-Signature=2222"

static uint8_t image[ FILE_SIZE ];
static size_t pal0;

static bool three_writes( void )
{
    return fake_pal_count_op( pal0, PAL_WRITE ) >= 3U;
}

int main( void )
{
    char afr[ 2048 ];
    char exec[ 3072 ];
    size_t reqAfterExpiry;
    size_t i;

    fake_setup( "http_url_refresh" );

    fake_make_bytes( image, sizeof( image ), 61U );
    fake_cloud_add_url( URL1, image, FILE_SIZE );
    fake_cloud_add_url( URL2, image, FILE_SIZE );
    ( void ) job_afr_ota_http( afr, sizeof( afr ), URL1, FILE_SIZE, fake_signature_b64() );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, NULL, afr );
    fake_cloud_set_next_job( exec );

    pal0 = fake_pal_count();
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive_until( three_writes, 10000 );

    /* The URL expires: the next range request goes unanswered. */
    fake_cloud.silentHttp = true;
    ( void ) fake_drive();
    CHECK_STATE( OtaAgentStateWaitingForFileBlock, "state while the range request is unanswered" );
    CHECK_INT( 3, fake_pal_count_op( pal0, PAL_WRITE ), "blocks stored before the URL expired" );
    reqAfterExpiry = fake_http_req_count();

    /* The application asks for the job again; the service hands out a fresh URL. */
    ( void ) job_afr_ota_http( afr, sizeof( afr ), URL2, FILE_SIZE, fake_signature_b64() );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, NULL, afr );
    fake_cloud_set_next_job( exec );
    fake_cloud.silentHttp = false;
    CHECK_INT( OtaErrNone, OTA_CheckForUpdate(), "OTA_CheckForUpdate while downloading" );
    ( void ) fake_drive();

    CHECK_STATE( OtaAgentStateWaitingForJob, "state after the refreshed download" );
    CHECK_INT( 2, fake_http_init_count(), "http.init calls" );

    if( fake_http_init_count() >= 2U )
    {
        CHECK_STR( URL1, fake_http_init_url( 0 ), "first http.init URL" );
        CHECK_STR( URL2, fake_http_init_url( 1 ), "second http.init URL" );
    }

    CHECK_INT( 1, fake_pal_count_op( pal0, PAL_CREATE ), "createFile calls (the open file is kept)" );

    if( fake_http_req_count() > reqAfterExpiry )
    {
        const HttpReq_t * r = fake_http_req( reqAfterExpiry );

        CHECK( r->start == 3U * 1024U, "first range after the refresh starts at %u, expected %u (block 3)", r->start, 3U * 1024U );
    }

    for( i = 0; i < 8U; i++ )
    {
        CHECK_INT( 1, fake_cloud_block_sends( ( uint32_t ) i ), "times a block was served" );
    }

    fake_expect_image( pal0, image, FILE_SIZE, "image after the URL refresh" );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks" );
    CHECK_INT( 0, fake_mqtt_count_status( 0, JOB_ID, "{\"status\":\"FAILED\"" ), "FAILED statuses" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
