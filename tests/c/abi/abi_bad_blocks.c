/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: malformed or hostile stream data messages. Each case starts a fresh job
 * (4 blocks: 3 x 1 KiB + 200 bytes), injects one crafted message before any real
 * block, then lets the real stream answer (the test fires the request timer if the
 * agent is still waiting). Whatever the agent decides, ignoring the message or
 * failing the job:
 *   - no writeBlock outside the file, unaligned, or of the wrong length;
 *   - if the image is activated, it is exactly the source image;
 *   - if it is not activated, the job was reported FAILED;
 *   - the agent ends up waiting for the next job, every buffer returned.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define STREAM       "stream-blk"
#define FILE_SIZE    ( 3U * 1024U + 200U )
#define NUM_BLOCKS   4U

static uint8_t image[ FILE_SIZE ];
static uint8_t junk[ 4096 ];

static uint32_t block_len( uint32_t index )
{
    return ( index + 1U < NUM_BLOCKS ) ? ABI_BLOCK_SIZE : ( FILE_SIZE - ( NUM_BLOCKS - 1U ) * ABI_BLOCK_SIZE );
}

static void check_writes_sane( size_t from,
                               const char * label )
{
    size_t i;

    for( i = from; i < fake_pal_count(); i++ )
    {
        const PalRec_t * r = fake_pal_get( i );

        if( r->op != PAL_WRITE )
        {
            continue;
        }

        CHECK( ( r->offset % ABI_BLOCK_SIZE ) == 0U, "%s: writeBlock at unaligned offset %u", label, r->offset );
        CHECK( ( r->offset / ABI_BLOCK_SIZE ) < NUM_BLOCKS, "%s: writeBlock at offset %u beyond the file", label, r->offset );

        if( ( ( r->offset % ABI_BLOCK_SIZE ) == 0U ) && ( ( r->offset / ABI_BLOCK_SIZE ) < NUM_BLOCKS ) )
        {
            CHECK( r->len == block_len( r->offset / ABI_BLOCK_SIZE ), "%s: writeBlock at offset %u of %u bytes, expected %u", label,
                   r->offset, r->len, block_len( r->offset / ABI_BLOCK_SIZE ) );
        }
    }
}

static void block_case( const char * label,
                        const uint8_t * msg,
                        size_t len )
{
    static int counter = 0;
    char jobId[ 32 ];
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t pal = fake_pal_count();
    size_t mq = fake_mqtt_count();
    size_t cb = fake_cb_count();
    int fires = 0;
    bool activated;
    size_t failed;

    ( void ) snprintf( jobId, sizeof( jobId ), "blk-%d", ++counter );
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), STREAM, FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), jobId, NULL, afr );

    CHECK_STATE( OtaAgentStateWaitingForJob, label );

    fake_cloud.silentStream = true;
    CHECK( fake_cloud_notify_next( exec ), "%s: notify-next", label );
    ( void ) fake_drive();
    CHECK( OTA_GetState() == OtaAgentStateWaitingForFileBlock, "%s: agent state %d after the job, expected WaitingForFileBlock",
           label, ( int ) OTA_GetState() );

    CHECK( fake_signal_block_raw( msg, len ), "%s: OTA_SignalEvent", label );
    ( void ) fake_drive();

    fake_cloud.silentStream = false;

    while( ( OTA_GetState() == OtaAgentStateWaitingForFileBlock ) && ( fires < 5 ) && fake_fire_timer( OtaRequestTimer ) )
    {
        fires++;
        ( void ) fake_drive();
    }

    check_writes_sane( pal, label );
    activated = fake_cb_count_event( cb, OtaJobEventActivate ) > 0U;
    failed = fake_mqtt_count_status( mq, jobId, "{\"status\":\"FAILED\"" );

    if( activated )
    {
        uint32_t size = 0;
        const uint8_t * stored = fake_pal_image( &size );

        CHECK( ( size == FILE_SIZE ) && ( memcmp( stored, image, FILE_SIZE ) == 0 ),
               "%s: the agent activated a corrupt image (the crafted message was written)", label );
        CHECK( failed == 0U, "%s: job both FAILED and activated", label );
        abi_note( "%-34s -> ignored, download completed", label );
    }
    else
    {
        CHECK( failed == 1U, "%s: job neither completed nor reported FAILED (%zu FAILED statuses)", label, failed );
        CHECK_INT( 0, fake_pal_count_op( pal, PAL_ACTIVATE ), "pal.activate calls for a failed job" );
        abi_note( "%-34s -> job failed", label );
    }

    CHECK( OTA_GetState() == OtaAgentStateWaitingForJob, "%s: agent state %d at the end, expected WaitingForJob", label,
           ( int ) OTA_GetState() );
    CHECK( fake_pool_outstanding() == 0, "%s: %d buffer(s) not returned", label, fake_pool_outstanding() );
}

/* A map with arbitrary key/value writers. */
typedef enum
{
    V_INT,
    V_BYTES,
    V_TEXT
} ValKind_t;

typedef struct
{
    const char * key;
    ValKind_t kind;
    int64_t i;
    const uint8_t * p;
    size_t n;
} Field_t;

static size_t encode_map( uint8_t * out,
                          size_t cap,
                          uint64_t declaredPairs,
                          const Field_t * f,
                          size_t count )
{
    CborWriter_t w;
    size_t k;

    cbw_init( &w, out, cap );
    cbw_map( &w, declaredPairs );

    for( k = 0; k < count; k++ )
    {
        cbw_text( &w, f[ k ].key );

        switch( f[ k ].kind )
        {
            case V_INT:
                cbw_int( &w, f[ k ].i );
                break;

            case V_BYTES:
                cbw_bytes( &w, f[ k ].p, f[ k ].n );
                break;

            case V_TEXT:
                cbw_text( &w, "not bytes" );
                break;
        }
    }

    return w.len;
}

int main( void )
{
    static uint8_t msg[ 4096 ];
    size_t n;

    fake_setup( "bad_blocks" );
    fake_make_bytes( image, sizeof( image ), 8U );
    fake_make_bytes( junk, sizeof( junk ), 99U );
    fake_cloud_add_stream( STREAM, 0U, image, FILE_SIZE );
    fake_cloud_set_next_job( NULL );

    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    n = fake_cbor_block( msg, sizeof( msg ), 7, 0, 1024, junk, 1024 );
    block_case( "wrong file id (f=7)", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), ( int64_t ) 1 << 32, 0, 1024, junk, 1024 );
    block_case( "file id 2^32 (0 if truncated)", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), 0, 1, 512, junk, 512 );
    block_case( "short middle block (l=512)", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), 0, 2, 1024, junk, 10 );
    block_case( "l=1024 but 10-byte payload", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), 0, 3, 1024, junk, 1024 );
    block_case( "last block at full size", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), 0, 3, 200, junk, 1024 );
    block_case( "last block l=200, 1024-byte payload", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), 0, 4, 1024, junk, 1024 );
    block_case( "index = number of blocks", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), 0, 500, 1024, junk, 1024 );
    block_case( "index 500", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), 0, -1, 1024, junk, 1024 );
    block_case( "index -1", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), 0, ( ( int64_t ) 1 << 32 ) + 1, 1024, junk, 1024 );
    block_case( "index 2^32+1 (1 if truncated)", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), 0, 0, ( ( int64_t ) 1 << 32 ) + 1024, junk, 1024 );
    block_case( "l = 2^32+1024 (1024 if truncated)", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), 0, 0, -1024, junk, 1024 );
    block_case( "negative block size", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), 0, 0, 2048, junk, 2048 );
    block_case( "2048-byte block (decode buffer 1024)", msg, n );

    n = fake_cbor_block( msg, sizeof( msg ), 0, 0, 1024, image, 1024 );
    block_case( "truncated in the payload", msg, n - 100U );

    {
        const Field_t f[] = { { "f", V_INT, 0, NULL, 0 }, { "i", V_INT, 0, NULL, 0 } };

        n = encode_map( msg, sizeof( msg ), 5U, f, 2U );
        block_case( "map declares 5 pairs, has 2", msg, n );
    }

    {
        const Field_t f[] = { { "f", V_INT, 0, NULL, 0 }, { "i", V_INT, 0, NULL, 0 }, { "l", V_INT, 1024, NULL, 0 },
                              { "p", V_TEXT, 0, NULL, 0 } };

        n = encode_map( msg, sizeof( msg ), 4U, f, 4U );
        block_case( "payload is a text string", msg, n );
    }

    {
        const Field_t f[] = { { "f", V_INT, 0, NULL, 0 }, { "i", V_INT, 0, NULL, 0 }, { "l", V_INT, 1024, NULL, 0 } };

        n = encode_map( msg, sizeof( msg ), 3U, f, 3U );
        block_case( "no payload key", msg, n );
    }

    {
        const Field_t f[] = { { "f", V_INT, 0, NULL, 0 }, { "l", V_INT, 1024, NULL, 0 }, { "p", V_BYTES, 0, junk, 1024 } };

        n = encode_map( msg, sizeof( msg ), 3U, f, 3U );
        block_case( "no block id key", msg, n );
    }

    {
        /* Indefinite-length map with correct content: valid CBOR either way. */
        CborWriter_t w;

        cbw_init( &w, msg, sizeof( msg ) );
        msg[ 0 ] = 0xbfU;
        w.len = 1U;
        cbw_text( &w, "f" );
        cbw_int( &w, 0 );
        cbw_text( &w, "i" );
        cbw_int( &w, 0 );
        cbw_text( &w, "l" );
        cbw_int( &w, 1024 );
        cbw_text( &w, "p" );
        cbw_bytes( &w, image, 1024 );
        msg[ w.len++ ] = 0xffU;
        block_case( "indefinite-length map", msg, w.len );
    }

    {
        CborWriter_t w;

        cbw_init( &w, msg, sizeof( msg ) );
        msg[ 0 ] = 0x84U; /* array of 4 */
        w.len = 1U;
        cbw_int( &w, 0 );
        cbw_int( &w, 0 );
        cbw_int( &w, 1024 );
        cbw_bytes( &w, junk, 1024 );
        block_case( "array instead of map", msg, w.len );
    }

    block_case( "random bytes", junk, 300U );
    block_case( "empty message", junk, 0U );

    CHECK_INT( 0, fake_pal_violations(), "writes outside the file or on a closed file" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
