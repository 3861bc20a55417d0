/*
 * SPDX-License-Identifier: MIT
 *
 * Scenario: OTA_Init keeps the application's OtaInterfaces_t pointer, not a copy
 * (applications and test harnesses swap entries after init, e.g. to add tracing or
 * to switch MQTT clients). Entries replaced after OTA_Init must be the ones called.
 */

#include <stdio.h>
#include <string.h>

#include "fakes.h"
#include "ota_appversion32.h"

const AppVersion32_t appFirmwareVersion = { .u.x = { .major = 1, .minor = 0, .build = 1 } };
const char OTA_JsonFileSignatureKey[ OTA_FILE_SIG_KEY_STR_MAX_LENGTH ] = "sig-sha256-ecdsa";

#define FILE_SIZE    ( 2U * 1024U + 9U )

static uint8_t image[ FILE_SIZE ];
static OtaMqttPublish_t realPublish;
static OtaPalWriteBlock_t realWrite;
static OtaPalCloseFile_t realClose;
static int publishes;
static int writes;
static int closes;

static OtaMqttStatus_t tracing_publish( const char * const topic,
                                        uint16_t topicLen,
                                        const char * msg,
                                        uint32_t msgSize,
                                        uint8_t qos )
{
    publishes++;
    return realPublish( topic, topicLen, msg, msgSize, qos );
}

static int16_t tracing_write( OtaFileContext_t * const ctx,
                              uint32_t offset,
                              uint8_t * const data,
                              uint32_t size )
{
    writes++;
    return realWrite( ctx, offset, data, size );
}

static OtaPalStatus_t tracing_close( OtaFileContext_t * const ctx )
{
    closes++;
    return realClose( ctx );
}

int main( void )
{
    char afr[ 1024 ];
    char exec[ 2048 ];
    OtaInterfaces_t * ifs;
    size_t pal0;

    fake_setup( "interface_pointer" );

    fake_make_bytes( image, sizeof( image ), 71U );
    fake_cloud_add_stream( "stream-if", 0U, image, FILE_SIZE );
    ( void ) job_afr_ota_mqtt( afr, sizeof( afr ), "stream-if", FILE_SIZE, 0U, fake_signature_b64(), "" );
    ( void ) job_exec( exec, sizeof( exec ), "job-if", NULL, afr );
    fake_cloud_set_next_job( exec );

    pal0 = fake_pal_count();
    CHECK_INT( OtaErrNone, fake_start_agent( true ), "OTA_Init" );

    /* After OTA_Init: wrap three entries of the same table. */
    ifs = fake_interfaces();
    realPublish = ifs->mqtt.publish;
    realWrite = ifs->pal.writeBlock;
    realClose = ifs->pal.closeFile;
    ifs->mqtt.publish = tracing_publish;
    ifs->pal.writeBlock = tracing_write;
    ifs->pal.closeFile = tracing_close;

    ( void ) fake_drive();

    fake_expect_image( pal0, image, FILE_SIZE, "image" );
    {
        size_t i;
        int recorded = 0;

        for( i = 0; i < fake_mqtt_count(); i++ )
        {
            recorded += ( fake_mqtt_get( i )->op == MQ_PUB ) ? 1 : 0;
        }

        CHECK( recorded >= 5, "only %d publishes recorded", recorded );
        CHECK_INT( recorded, publishes, "publishes made through the entry installed after OTA_Init" );
    }
    CHECK_INT( 3, writes, "writeBlock calls through the entry installed after OTA_Init" );
    CHECK_INT( 1, closes, "closeFile calls through the entry installed after OTA_Init" );

    fake_shutdown_agent( 1 );
    return fake_finish();
}
