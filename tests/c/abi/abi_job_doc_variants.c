/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: valid job documents in the shapes the service and users produce.
 *
 * A. protocols ["HTTP","MQTT"] with both a stream and a URL: the primary protocol
 *    (configOTA_PRIMARY_DATA_PROTOCOL = MQTT) is used.
 * B. The same document pretty-printed, keys reordered, unknown keys added.
 * C. A job whose saved statusDetails is a progress note ({"receive":"4/11"}, left by
 *    a device that rebooted mid-download): a normal download, not a self test.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 4U * 1024U + 100U )
#define URL          "https://ota-bucket.s3.amazonaws.com/both.bin?X-Amz-Signature=4444"

static uint8_t imageA[ FILE_SIZE ];
static uint8_t imageB[ FILE_SIZE ];
static uint8_t imageC[ FILE_SIZE ];

static void check_done( const char * what,
                        const char * jobId,
                        size_t mq,
                        size_t pal,
                        size_t cb,
                        const uint8_t * image )
{
    char label[ 128 ];

    ( void ) snprintf( label, sizeof( label ), "%s: image", what );
    fake_expect_image( pal, image, FILE_SIZE, label );
    CHECK( fake_cb_count_event( cb, OtaJobEventActivate ) == 1U, "%s: no Activate callback", what );
    CHECK( fake_mqtt_count_status( mq, jobId, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"ready\"" ) == 1U,
           "%s: no ready status", what );
    CHECK( fake_mqtt_count_status( mq, jobId, "{\"status\":\"FAILED\"" ) == 0U, "%s: FAILED status", what );
    CHECK( OTA_GetState() == OtaAgentStateWaitingForJob, "%s: state %d at the end", what, ( int ) OTA_GetState() );
    CHECK( fake_pool_outstanding() == 0, "%s: buffers not returned", what );
}

int main( void )
{
    char exec[ 4096 ];
    size_t mq;
    size_t pal;
    size_t cb;
    size_t http0;

    fake_setup( "job_doc_variants" );

    fake_make_bytes( imageA, sizeof( imageA ), 91U );
    fake_make_bytes( imageB, sizeof( imageB ), 92U );
    fake_make_bytes( imageC, sizeof( imageC ), 93U );
    fake_cloud_add_stream( "stream-va", 0U, imageA, FILE_SIZE );
    fake_cloud_add_stream( "stream-vb", 0U, imageB, FILE_SIZE );
    fake_cloud_add_stream( "stream-vc", 0U, imageC, FILE_SIZE );
    fake_cloud_add_url( URL, imageA, FILE_SIZE );
    fake_cloud_set_next_job( NULL );
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    /* A. Both protocols offered. */
    {
        char afr[ 2048 ];

        ( void ) snprintf( afr, sizeof( afr ),
                           "{\"protocols\":[\"HTTP\",\"MQTT\"],\"streamname\":\"stream-va\",\"files\":[{\"filepath\":\"%s\","
                           "\"filesize\":%u,\"fileid\":0,\"certfile\":\"%s\",\"update_data_url\":\"%s\","
                           "\"auth_scheme\":\"aws.s3.presigned\",\"sig-sha256-ecdsa\":\"%s\"}]}",
                           ABI_FILE_PATH, FILE_SIZE, ABI_CERT_PATH, URL, fake_signature_b64() );
        ( void ) job_exec( exec, sizeof( exec ), "job-both", NULL, afr );
    }
    mq = fake_mqtt_count();
    pal = fake_pal_count();
    cb = fake_cb_count();
    http0 = fake_http_init_count();
    CHECK( fake_cloud_notify_next( exec ), "notify-next A" );
    ( void ) fake_drive();
    CHECK_INT( 1, fake_mqtt_count_op( mq, MQ_SUB, topic_stream_data( "stream-va" ) ), "A: stream subscriptions (MQTT is primary)" );
    CHECK_INT( ( long long ) http0, ( long long ) fake_http_init_count(), "A: http.init calls (MQTT is primary)" );
    check_done( "A (both protocols)", "job-both", mq, pal, cb, imageA );

    /* B. Pretty-printed, reordered, with unknown keys. */
    ( void ) snprintf( exec, sizeof( exec ),
                       "{\n  \"queuedAt\" : 1700000000,\n  \"jobId\" : \"job-pretty\",\n  \"status\" : \"QUEUED\",\n"
                       "  \"jobDocument\" : {\n    \"comment\" : \"made by hand\",\n    \"afr_ota\" : {\n"
                       "      \"files\" : [ {\n        \"fileid\" : 0,\n        \"sig-sha256-ecdsa\" : \"%s\",\n"
                       "        \"filesize\" : %u,\n        \"certfile\" : \"%s\",\n        \"filepath\" : \"%s\",\n"
                       "        \"attr\" : 0\n      } ],\n      \"streamname\" : \"stream-vb\",\n"
                       "      \"protocols\" : [ \"MQTT\" ]\n    }\n  },\n  \"versionNumber\" : 2,\n"
                       "  \"executionNumber\" : 1\n}",
                       fake_signature_b64(), FILE_SIZE, ABI_CERT_PATH, ABI_FILE_PATH );
    mq = fake_mqtt_count();
    pal = fake_pal_count();
    cb = fake_cb_count();
    CHECK( fake_cloud_notify_next( exec ), "notify-next B" );
    ( void ) fake_drive();
    check_done( "B (pretty-printed)", "job-pretty", mq, pal, cb, imageB );

    {
        uint16_t sigSize = 0;
        const uint8_t * sig = fake_pal_close_signature( &sigSize );

        CHECK( ( sigSize == ABI_SIG_LEN ) && ( memcmp( sig, fake_signature(), ABI_SIG_LEN ) == 0 ),
               "B: signature read from a reordered document differs (size %u)", sigSize );
    }

    /* C. Saved progress in statusDetails: not a self test. */
    {
        char afr[ 1024 ];

        ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), "stream-vc", FILE_SIZE, 0U, fake_signature_b64(), "" );
        ( void ) job_exec( exec, sizeof( exec ), "job-resumed", "{\"receive\":\"4/11\"}", afr );
    }
    mq = fake_mqtt_count();
    pal = fake_pal_count();
    cb = fake_cb_count();
    CHECK( fake_cloud_notify_next( exec ), "notify-next C" );
    ( void ) fake_drive();
    CHECK_INT( 0, fake_cb_count_event( cb, OtaJobEventStartTest ), "C: StartTest callbacks" );
    CHECK_INT( 0, fake_mqtt_count_status( mq, "job-resumed", "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"active\"" ),
               "C: self_test active statuses" );
    check_done( "C (saved progress)", "job-resumed", mq, pal, cb, imageC );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
