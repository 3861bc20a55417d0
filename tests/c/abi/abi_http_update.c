/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: a full firmware update over HTTP (job protocols ["HTTP"], pre-signed
 * update_data_url). The control plane stays on MQTT. No application buffers: the
 * library allocates what it needs through os.mem, and must free all of it.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 10U * 1024U + 300U )
#define JOB_ID       "job-http-1"
#define URL          "https://ota-bucket.s3.amazonaws.com/firmware.bin?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Expires=3600&X-Amz-Signature=abcdef0123456789"

static uint8_t image[ FILE_SIZE ];

int main( void )
{
    char afr[ 2048 ];
    char exec[ 3072 ];
    size_t mq0;
    size_t pal0;
    uint32_t i;
    OtaErr_t err;

    fake_setup( "http_update" );

    fake_make_bytes( image, sizeof( image ), 2U );
    fake_cloud_add_url( URL, image, FILE_SIZE );
    ( void ) job_afr_ota_http( afr, sizeof( afr ), URL, FILE_SIZE, fake_signature_b64() );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, NULL, afr );
    fake_cloud_set_next_job( exec );

    mq0 = fake_mqtt_count();
    pal0 = fake_pal_count();

    err = fake_start_agent( false );
    CHECK_INT( OtaErrNone, err, "OTA_Init (no application buffers)" );
    ( void ) fake_drive();

    CHECK_STATE( OtaAgentStateWaitingForJob, "state after the download" );

    /* HTTP: one init with the raw URL, then one inclusive range per block, in order. */
    CHECK_INT( 1, fake_http_init_count(), "http.init calls" );

    if( fake_http_init_count() > 0U )
    {
        CHECK_STR( URL, fake_http_init_url( 0 ), "http.init URL" );
    }

    CHECK_INT( 11, fake_http_req_count(), "http.request calls" );

    for( i = 0; ( i < 11U ) && ( i < fake_http_req_count() ); i++ )
    {
        const HttpReq_t * r = fake_http_req( i );
        uint32_t start = i * 1024U;
        uint32_t end = ( i < 10U ) ? ( start + 1023U ) : ( FILE_SIZE - 1U );

        CHECK( ( r->start == start ) && ( r->end == end ), "http.request %u: bytes=%u-%u, expected bytes=%u-%u", i, r->start,
               r->end, start, end );
    }

    CHECK( fake_http_deinit_count() >= 1U, "http.deinit not called when the file was closed" );

    /* MQTT: job request, progress, ready. No stream topics at all. */
    {
        char updTopic[ 320 ];

        ( void ) snprintf( updTopic, sizeof( updTopic ), "%s", topic_update( JOB_ID ) );

        const MqExpect_t expected[] =
        {
            { MQ_SUB, topic_notify_next(), EXP_ANY,          NULL, 1, 0 },
            { MQ_PUB, topic_next_get(),    EXP_CLIENT_TOKEN, NULL, 1, 0 },
            { MQ_PUB, updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"1/11\"}}", 0, 0 },
            { MQ_PUB, updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"2/11\"}}", 0, 0 },
            { MQ_PUB, updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"4/11\"}}", 0, 0 },
            { MQ_PUB, updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"6/11\"}}", 0, 0 },
            { MQ_PUB, updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"8/11\"}}", 0, 0 },
            { MQ_PUB, updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"10/11\"}}", 0, 0 },
            { MQ_PUB, updTopic,            EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\",\"updatedBy\":\"0x01000001\"}}", 1, 0 },
        };

        fake_expect_mqtt( mq0, expected, sizeof( expected ) / sizeof( expected[ 0 ] ), "MQTT conversation of an HTTP update" );
    }

    /* PAL: same shape as over MQTT. */
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
        fake_expect_pal( pal0, expected, n, false, "PAL calls of an HTTP update" );
    }

    fake_expect_image( pal0, image, FILE_SIZE, "stored image" );

    {
        uint16_t sigSize = 0;
        const uint8_t * sig = fake_pal_close_signature( &sigSize );

        CHECK( ( sigSize == ABI_SIG_LEN ) && ( memcmp( sig, fake_signature(), ABI_SIG_LEN ) == 0 ),
               "closeFile: signature (size %u) differs from the job document's", sigSize );
    }

    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventActivate ), "OtaJobEventActivate callbacks" );
    CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventFail ), "OtaJobEventFail callbacks" );
    CHECK_INT( 12, fake_cb_count_event( 0, OtaJobEventProcessed ), "OtaJobEventProcessed callbacks" );
    CHECK_INT( 0, fake_pool_outstanding(), "event buffers still with the agent" );

    fake_shutdown_agent( 1 );
    CHECK_INT( 0, ( long long ) fake_heap_outstanding(), "os.mem blocks outstanding after shutdown" );

    return fake_finish();
}
