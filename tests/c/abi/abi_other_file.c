/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: a job delivering a file that is not firmware (fileType 2, where
 * configOTA_FIRMWARE_UPDATE_FILE_TYPE_ID is 0). After the download the agent
 * reports SUCCEEDED at once ("accepted  v0.0.2": the file type in the version
 * slot) and tells the application UpdateComplete; no Activate, no self test.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 2U * 1024U + 1U )
#define STREAM       "stream-cfg"
#define JOB_ID       "job-config-file"

static uint8_t image[ FILE_SIZE ];

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    size_t mq0;
    size_t pal0;
    char upd[ 320 ];
    char data[ 320 ];
    char get[ 320 ];

    fake_setup( "other_file" );

    fake_make_bytes( image, sizeof( image ), 9U );
    fake_cloud_add_stream( STREAM, 1U, image, FILE_SIZE );
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), STREAM, FILE_SIZE, 1U, fake_signature_b64(), ",\"fileType\":2" );
    ( void ) job_exec( exec, sizeof( exec ), JOB_ID, NULL, afr );
    fake_cloud_set_next_job( exec );

    mq0 = fake_mqtt_count();
    pal0 = fake_pal_count();
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );
    ( void ) fake_drive();

    ( void ) snprintf( upd, sizeof( upd ), "%s", topic_update( JOB_ID ) );
    ( void ) snprintf( data, sizeof( data ), "%s", topic_stream_data( STREAM ) );
    ( void ) snprintf( get, sizeof( get ), "%s", topic_stream_get( STREAM ) );
    {
        const MqExpect_t expected[] =
        {
            { MQ_SUB,   topic_notify_next(), EXP_ANY,          NULL, 1, 0 },
            { MQ_PUB,   topic_next_get(),    EXP_CLIENT_TOKEN, NULL, 1, 0 },
            { MQ_SUB,   data,                EXP_ANY,          NULL, 0, 0 },
            { MQ_PUB,   get,                 EXP_CBOR_REQUEST, "07", 0, 1 },
            { MQ_PUB,   upd, EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"1/3\"}}", 0, 0 },
            { MQ_PUB,   upd, EXP_EXACT, "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"2/3\"}}", 0, 0 },
            { MQ_PUB,   upd, EXP_EXACT, "{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"reason\":\"accepted  v0.0.2\",\"updatedBy\":\"  v0.0.0\"}}", 1, 0 },
            { MQ_UNSUB, data,                EXP_ANY,          NULL, -1, 0 },
        };

        fake_expect_mqtt( mq0, expected, sizeof( expected ) / sizeof( expected[ 0 ] ), "MQTT conversation of a non-firmware file" );
    }

    {
        const PalExpect_t expected[] =
        {
            { PAL_CREATE, -1, 0,    0    },
            { PAL_WRITE,  -1, 0,    1024 },
            { PAL_WRITE,  -1, 1024, 1024 },
            { PAL_WRITE,  -1, 2048, 1    },
            { PAL_CLOSE,  -1, 0,    0    },
            { PAL_ABORT,  -1, 0,    0    },
        };

        fake_expect_pal( pal0, expected, sizeof( expected ) / sizeof( expected[ 0 ] ), false, "PAL calls of a non-firmware file" );
    }

    fake_expect_image( pal0, image, FILE_SIZE, "stored file" );
    CHECK_INT( 1, fake_cb_count_event( 0, OtaJobEventUpdateComplete ), "UpdateComplete callbacks" );
    CHECK_INT( 0, fake_cb_count_event( 0, OtaJobEventActivate ), "Activate callbacks" );

    {
        long u = fake_cb_find( 0, OtaJobEventUpdateComplete );

        if( u >= 0 )
        {
            const CbRec_t * r = fake_cb_get( ( size_t ) u );
            CHECK_INT( 2, r->fileTypeId, "UpdateComplete: fileTypeId" );
            CHECK( strncmp( r->jobId, JOB_ID, strlen( JOB_ID ) ) == 0, "UpdateComplete: job \"%s\"", r->jobId );
        }
    }

    CHECK_STATE( OtaAgentStateWaitingForJob, "state after the file" );
    fake_shutdown_agent( 1 );
    return fake_finish();
}
