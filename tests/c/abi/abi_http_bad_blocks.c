/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: HTTP range responses of the wrong size. The application's decode
 * buffer is exactly one block (1 KiB). Each case starts a fresh HTTP job, lets a
 * given number of blocks through, then answers the next range request with a
 * crafted body before the real one. The agent must never copy more than a block
 * into the decode buffer, never write a block of the wrong length, and either
 * ignore the body or fail the job; an activated image must be exact.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 3U * 1024U + 200U )
#define NUM_BLOCKS   4U
#define URL          "https://ota-bucket.s3.amazonaws.com/bad.bin?X-Amz-Signature=3333"

static uint8_t image[ FILE_SIZE ];
static uint8_t junk[ 2400 ];
static size_t g_mark;
static size_t g_wanted;

static bool writes_reached( void )
{
    return fake_pal_count_op( g_mark, PAL_WRITE ) >= g_wanted;
}

static void http_case( const char * label,
                       size_t goodBlocksFirst,
                       const uint8_t * body,
                       size_t len )
{
    static int counter = 0;
    char jobId[ 32 ];
    char afr[ 2048 ];
    char exec[ 3072 ];
    size_t pal = fake_pal_count();
    size_t mq = fake_mqtt_count();
    size_t cb = fake_cb_count();
    size_t i;
    int fires = 0;

    ( void ) snprintf( jobId, sizeof( jobId ), "http-bad-%d", ++counter );
    ( void ) job_afr_ota_http( afr, sizeof( afr ), URL, FILE_SIZE, fake_signature_b64() );
    ( void ) job_exec( exec, sizeof( exec ), jobId, NULL, afr );
    CHECK_STATE( OtaAgentStateWaitingForJob, label );

    g_mark = pal;
    g_wanted = goodBlocksFirst;
    fake_cloud.silentHttp = ( goodBlocksFirst == 0U );
    CHECK( fake_cloud_notify_next( exec ), "%s: notify-next", label );
    ( void ) fake_drive_until( ( goodBlocksFirst > 0U ) ? writes_reached : NULL, 10000 );
    fake_cloud.silentHttp = true;
    ( void ) fake_drive();
    CHECK( OTA_GetState() == OtaAgentStateWaitingForFileBlock, "%s: state %d before the crafted body", label, ( int ) OTA_GetState() );

    CHECK( fake_signal_block_raw( body, len ), "%s: OTA_SignalEvent", label );
    ( void ) fake_drive();
    fake_cloud.silentHttp = false;

    while( ( OTA_GetState() == OtaAgentStateWaitingForFileBlock ) && ( fires < 5 ) && fake_fire_timer( OtaRequestTimer ) )
    {
        fires++;
        ( void ) fake_drive();
    }

    for( i = pal; i < fake_pal_count(); i++ )
    {
        const PalRec_t * r = fake_pal_get( i );
        uint32_t idx = r->offset / ABI_BLOCK_SIZE;

        if( r->op == PAL_WRITE )
        {
            CHECK( ( r->offset % ABI_BLOCK_SIZE == 0U ) && ( idx < NUM_BLOCKS ) &&
                   ( r->len == ( ( idx + 1U < NUM_BLOCKS ) ? ABI_BLOCK_SIZE : 200U ) ),
                   "%s: writeBlock(offset %u, len %u) does not match a block of the file", label, r->offset, r->len );
        }
    }

    if( fake_cb_count_event( cb, OtaJobEventActivate ) > 0U )
    {
        uint32_t size = 0;
        const uint8_t * stored = fake_pal_image( &size );

        CHECK( ( size == FILE_SIZE ) && ( memcmp( stored, image, FILE_SIZE ) == 0 ), "%s: activated a corrupt image", label );
        abi_note( "%-32s -> ignored, download completed", label );
    }
    else
    {
        CHECK( fake_mqtt_count_status( mq, jobId, "{\"status\":\"FAILED\"" ) == 1U, "%s: job neither completed nor FAILED", label );
        abi_note( "%-32s -> job failed", label );
    }

    CHECK( OTA_GetState() == OtaAgentStateWaitingForJob, "%s: state %d at the end", label, ( int ) OTA_GetState() );
    CHECK( fake_pool_outstanding() == 0, "%s: buffers not returned", label );
}

int main( void )
{
    fake_setup( "http_bad_blocks" );

    fake_make_bytes( image, sizeof( image ), 81U );
    fake_make_bytes( junk, sizeof( junk ), 82U );
    fake_cloud_add_url( URL, image, FILE_SIZE );
    fake_cloud_set_next_job( NULL );
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    http_case( "body of 2400 bytes for block 0", 0U, junk, 2400U );
    http_case( "body of 1025 bytes for block 1", 1U, junk, 1025U );
    http_case( "body of 10 bytes for block 0", 0U, junk, 10U );
    http_case( "empty body for block 2", 2U, junk, 0U );
    http_case( "1024-byte body for the last block", 3U, junk, 1024U );

    CHECK_INT( 0, fake_pal_violations(), "writes outside the file" );
    fake_shutdown_agent( 1 );
    return fake_finish();
}
