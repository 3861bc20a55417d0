/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: the alignment of the data writeBlock receives (OTA_SetBlockAlignment).
 *
 * The fake service's blocks put the payload 23 bytes into the message, so it is
 * never aligned in the event buffer. With the default alignment (8) the agent
 * moves each payload to the start of the buffer and writeBlock gets an address
 * as aligned as the buffer (8-aligned when the buffer is). A PAL that declares alignment 1 gets the payload in place. Both files
 * arrive intact; values other than 1, 2, 4 and 8 are refused.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"
#include "ota_pal_extensions.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 3U * 1024U + 77U )

static uint8_t image1[ FILE_SIZE ];
static uint8_t image2[ FILE_SIZE ];

/* Counts the writes since `from`, those at an address as aligned as their event
 * buffer allows (8, or the buffer's own alignment when that is less), and those
 * handed over at the payload's place in the message (not moved to offset 0). */
static void count_writes( size_t from,
                          size_t * writes,
                          size_t * aligned8,
                          size_t * inPlace )
{
    size_t k;

    *writes = 0;
    *aligned8 = 0;
    *inPlace = 0;

    for( k = from; k < fake_pal_count(); k++ )
    {
        const PalRec_t * r = fake_pal_get( k );

        if( r->op != PAL_WRITE )
        {
            continue;
        }

        ( *writes )++;
        uintptr_t base = r->dataAddr - ( uintptr_t ) r->poolOffset;
        uintptr_t want = ( ( base % 8U ) == 0U ) ? 8U : ( base & ( ~base + 1U ) );

        *aligned8 += ( ( r->dataAddr % want ) == 0U ) ? 1U : 0U;
        *inPlace += ( r->poolOffset > 0 ) ? 1U : 0U;
        CHECK( r->poolOffset >= 0, "writeBlock(offset %u): pData is not in an event buffer", r->offset );
    }
}

/* Job `jobId` delivers a non-firmware file (fileType 2): done without a self test. */
static void make_job( char * exec,
                      size_t cap,
                      const char * jobId,
                      const char * stream,
                      uint32_t fileId,
                      uint8_t * image,
                      uint8_t seed )
{
    char afr[ 1024 ];

    fake_make_bytes( image, FILE_SIZE, seed );
    fake_cloud_add_stream( stream, fileId, image, FILE_SIZE );
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), stream, FILE_SIZE, fileId, fake_signature_b64(), ",\"fileType\":2" );
    ( void ) job_exec( exec, cap, jobId, NULL, afr );
}

int main( void )
{
    char exec[ 2048 ];
    size_t pal0;
    size_t writes;
    size_t aligned8;
    size_t inPlace;

    fake_setup( "block_alignment" );

    CHECK( !OTA_SetBlockAlignment( 0U ), "alignment 0 accepted" );
    CHECK( !OTA_SetBlockAlignment( 3U ), "alignment 3 accepted" );
    CHECK( !OTA_SetBlockAlignment( 16U ), "alignment 16 accepted" );
    CHECK( OTA_SetBlockAlignment( 8U ), "alignment 8 refused" );

    /* Default alignment: every payload is moved to the 8-aligned buffer start. */
    make_job( exec, sizeof( exec ), "job-align-8", "stream-al8", 1U, image1, 3U );
    fake_cloud_set_next_job( exec );
    pal0 = fake_pal_count();
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventUpdateComplete ), "UpdateComplete after the first file" );
    fake_expect_image( pal0, image1, FILE_SIZE, "file written with alignment 8" );
    count_writes( pal0, &writes, &aligned8, &inPlace );
    CHECK_INT( 4, writes, "writes of the first file" );
    CHECK_INT( 4, aligned8, "aligned writes with the default alignment" );
    CHECK_INT( 0, inPlace, "payloads written in place although unaligned" );

    /* A PAL that takes any address: payloads are written where they arrived. */
    CHECK( OTA_SetBlockAlignment( 1U ), "alignment 1 refused" );
    make_job( exec, sizeof( exec ), "job-align-1", "stream-al1", 2U, image2, 5U );
    pal0 = fake_pal_count();
    CHECK( fake_cloud_notify_next( exec ), "notify the second job" );
    ( void ) fake_drive();
    CHECK_INT( 2, fake_cb_count_event( 0, OtaJobEventUpdateComplete ), "UpdateComplete after the second file" );
    fake_expect_image( pal0, image2, FILE_SIZE, "file written with alignment 1" );
    count_writes( pal0, &writes, &aligned8, &inPlace );
    CHECK_INT( 4, writes, "writes of the second file" );
    CHECK_INT( 4, inPlace, "payloads written in place with alignment 1" );
    CHECK_INT( 0, aligned8, "aligned payloads (the service layout puts them at offset 23)" );

    CHECK_INT( 0, fake_pool_outstanding(), "event buffers still with the agent" );
    CHECK( OTA_SetBlockAlignment( 8U ), "alignment 8 refused" );
    fake_shutdown_agent( 1 );
    return fake_finish();
}
